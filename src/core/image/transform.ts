/**
 * What the student does to a picture before it is read: turn it by quarter
 * turns and crop it. Boxes are fractions of the picture (0–1), so the UI
 * measures them on the thumbnail and the worker applies them to the full
 * decoded pixels.
 */
import type { Box, RgbaImage } from './types';

export type QuarterTurns = 0 | 90 | 180 | 270;

/** A rectangle as fractions of the picture's width and height. */
export interface NormBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ImageTransform {
  /** Clockwise. */
  rotate: QuarterTurns;
  /** Applied after the rotation, on the turned picture. */
  crop?: NormBox;
}

export function rotateQuarter(image: RgbaImage, degrees: QuarterTurns): RgbaImage {
  if (degrees === 0) return image;
  const { width: w, height: h, data } = image;
  const swap = degrees !== 180;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  // One 32-bit word per pixel; a view needs 4-byte alignment (Node buffers may not have it).
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  const src = new Uint32Array(aligned.buffer, aligned.byteOffset, w * h);
  const out = new Uint32Array(ow * oh);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let ox: number;
      let oy: number;
      if (degrees === 90) {
        ox = h - 1 - y;
        oy = x;
      } else if (degrees === 180) {
        ox = w - 1 - x;
        oy = h - 1 - y;
      } else {
        ox = y;
        oy = w - 1 - x;
      }
      out[oy * ow + ox] = src[y * w + x] ?? 0;
    }
  }
  return { width: ow, height: oh, data: new Uint8ClampedArray(out.buffer) };
}

/** A NormBox in pixels of a picture this size, clamped to it. */
export function toPixels(box: NormBox, width: number, height: number): Box {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, Math.round(v)));
  return {
    x0: clamp(box.x * width, width),
    y0: clamp(box.y * height, height),
    x1: clamp((box.x + box.width) * width, width),
    y1: clamp((box.y + box.height) * height, height),
  };
}

export function toNorm(box: Box, width: number, height: number): NormBox {
  return {
    x: box.x0 / width,
    y: box.y0 / height,
    width: (box.x1 - box.x0) / width,
    height: (box.y1 - box.y0) / height,
  };
}

export function cropRgba(image: RgbaImage, box: Box): RgbaImage {
  const w = Math.max(1, box.x1 - box.x0);
  const h = Math.max(1, box.y1 - box.y0);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const from = ((box.y0 + y) * image.width + box.x0) * 4;
    data.set(image.data.subarray(from, from + w * 4), y * w * 4);
  }
  return { width: w, height: h, data };
}

/** Turned, then cropped; a crop smaller than a few pixels is ignored. */
export function applyTransform(image: RgbaImage, t: ImageTransform | undefined): RgbaImage {
  if (!t) return image;
  const turned = rotateQuarter(image, t.rotate);
  if (!t.crop) return turned;
  const box = toPixels(t.crop, turned.width, turned.height);
  if (box.x1 - box.x0 < 8 || box.y1 - box.y0 < 8) return turned;
  return cropRgba(turned, box);
}
