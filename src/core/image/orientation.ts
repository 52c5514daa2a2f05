import type { RgbaImage } from './types';

/** EXIF orientation, 1–8 (1 = as stored). */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/**
 * Reads the EXIF Orientation tag (0x0112) from a JPEG's APP1 segment, a PNG's
 * eXIf chunk or a WebP's EXIF chunk. Phones store portrait photos sideways
 * and set this tag instead of rotating the pixels.
 */
export function readOrientation(bytes: Uint8Array): Orientation {
  const tiff = findExif(bytes);
  if (tiff < 0) return 1;
  return orientationFromTiff(bytes, tiff);
}

function findExif(b: Uint8Array): number {
  if (b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 4 <= b.length && b[i] === 0xff) {
      const marker = b[i + 1] ?? 0;
      const length = ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0);
      if (marker === 0xda || marker === 0xd9) break;
      if (marker === 0xe1 && String.fromCharCode(...b.subarray(i + 4, i + 8)) === 'Exif')
        return i + 10;
      i += 2 + length;
    }
    return -1;
  }
  if (b[0] === 0x89 && b[1] === 0x50) {
    let i = 8;
    while (i + 8 <= b.length) {
      const length =
        ((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0);
      const type = String.fromCharCode(...b.subarray(i + 4, i + 8));
      if (type === 'eXIf') return i + 8;
      if (type === 'IDAT' || type === 'IEND' || length < 0) break;
      i += 12 + length;
    }
    return -1;
  }
  if (String.fromCharCode(...b.subarray(0, 4)) === 'RIFF') {
    let i = 12;
    while (i + 8 <= b.length) {
      const type = String.fromCharCode(...b.subarray(i, i + 4));
      const length =
        (b[i + 4] ?? 0) |
        ((b[i + 5] ?? 0) << 8) |
        ((b[i + 6] ?? 0) << 16) |
        ((b[i + 7] ?? 0) << 24);
      if (type === 'EXIF') {
        const start = i + 8;
        // Some writers keep the JPEG-style "Exif\0\0" prefix.
        return String.fromCharCode(...b.subarray(start, start + 4)) === 'Exif' ? start + 6 : start;
      }
      i += 8 + length + (length & 1);
    }
  }
  return -1;
}

function orientationFromTiff(b: Uint8Array, start: number): Orientation {
  const little = b[start] === 0x49;
  const u16 = (i: number) =>
    little ? (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) : ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  const u32 = (i: number) =>
    little
      ? (b[i] ?? 0) + ((b[i + 1] ?? 0) << 8) + ((b[i + 2] ?? 0) << 16) + (b[i + 3] ?? 0) * 2 ** 24
      : (b[i] ?? 0) * 2 ** 24 + ((b[i + 1] ?? 0) << 16) + ((b[i + 2] ?? 0) << 8) + (b[i + 3] ?? 0);
  if (u16(start + 2) !== 42) return 1;
  const ifd = start + u32(start + 4);
  const entries = u16(ifd);
  for (let k = 0; k < entries; k++) {
    const entry = ifd + 2 + k * 12;
    if (entry + 12 > b.length) break;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? (value as Orientation) : 1;
    }
  }
  return 1;
}

/**
 * Applies an EXIF orientation to the pixels, so that the image is upright as
 * the photographer saw it. 5–8 swap width and height.
 */
export function applyOrientation(image: RgbaImage, orientation: Orientation): RgbaImage {
  if (orientation === 1) return image;
  const { width: w, height: h, data } = image;
  const swap = orientation >= 5;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  const out = new Uint8ClampedArray(ow * oh * 4);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      // Source pixel for output (x, y), per the EXIF definition of each value.
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2:
          sx = w - 1 - x;
          sy = y;
          break;
        case 3:
          sx = w - 1 - x;
          sy = h - 1 - y;
          break;
        case 4:
          sx = x;
          sy = h - 1 - y;
          break;
        case 5:
          sx = y;
          sy = x;
          break;
        case 6:
          sx = y;
          sy = h - 1 - x;
          break;
        case 7:
          sx = w - 1 - y;
          sy = h - 1 - x;
          break;
        default:
          sx = w - 1 - y;
          sy = x;
          break;
      }
      const s = (sy * w + sx) * 4;
      const d = (y * ow + x) * 4;
      out[d] = data[s] ?? 0;
      out[d + 1] = data[s + 1] ?? 0;
      out[d + 2] = data[s + 2] ?? 0;
      out[d + 3] = data[s + 3] ?? 0;
    }
  }
  return { width: ow, height: oh, data: out };
}
