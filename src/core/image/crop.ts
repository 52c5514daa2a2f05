import type { BinaryImage, Box, GrayImage } from './types';

/** The bounding box of all ink, or null for an empty image. */
export function inkBounds(image: BinaryImage): Box | null {
  const { width, height, data } = image;
  let x0 = width;
  let y0 = height;
  let x1 = 0;
  let y1 = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (!data[row + x]) continue;
      if (x < x0) x0 = x;
      if (x >= x1) x1 = x + 1;
      if (y < y0) y0 = y;
      y1 = y + 1;
    }
  }
  return x1 > x0 ? { x0, y0, x1, y1 } : null;
}

export function padBox(box: Box, margin: number, width: number, height: number): Box {
  return {
    x0: Math.max(0, Math.floor(box.x0 - margin)),
    y0: Math.max(0, Math.floor(box.y0 - margin)),
    x1: Math.min(width, Math.ceil(box.x1 + margin)),
    y1: Math.min(height, Math.ceil(box.y1 + margin)),
  };
}

export function cropGray(image: GrayImage, box: Box): GrayImage {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const out = new Uint8ClampedArray(w * h);
  for (let y = 0; y < h; y++) {
    const start = (box.y0 + y) * image.width + box.x0;
    out.set(image.data.subarray(start, start + w), y * w);
  }
  return { width: w, height: h, data: out };
}

export function cropBinary(image: BinaryImage, box: Box): BinaryImage {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const start = (box.y0 + y) * image.width + box.x0;
    out.set(image.data.subarray(start, start + w), y * w);
  }
  return { width: w, height: h, data: out };
}

/** Adds a white border: tesseract finds lines that touch the edge less reliably. */
export function padGray(image: GrayImage, margin: number, fill = 255): GrayImage {
  const w = image.width + 2 * margin;
  const h = image.height + 2 * margin;
  const out = new Uint8ClampedArray(w * h).fill(fill);
  for (let y = 0; y < image.height; y++) {
    out.set(image.data.subarray(y * image.width, (y + 1) * image.width), (y + margin) * w + margin);
  }
  return { width: w, height: h, data: out };
}

export function padBinary(image: BinaryImage, margin: number): BinaryImage {
  const w = image.width + 2 * margin;
  const h = image.height + 2 * margin;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < image.height; y++) {
    out.set(image.data.subarray(y * image.width, (y + 1) * image.width), (y + margin) * w + margin);
  }
  return { width: w, height: h, data: out };
}
