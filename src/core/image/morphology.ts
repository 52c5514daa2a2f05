import type { BinaryImage } from './types';

/**
 * Typical stroke width of the ink: the median length of horizontal ink runs.
 * Across a line of text most runs cross a vertical stroke, so the median is
 * the pen's width, not a bar's length.
 */
export function estimateStrokeWidth(image: BinaryImage): number | null {
  const { width, height, data } = image;
  const counts = new Uint32Array(64);
  let total = 0;
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      const ink = x < width && data[y * width + x] === 1;
      if (ink) {
        run++;
      } else if (run > 0) {
        const bucket = Math.min(63, run);
        counts[bucket] = (counts[bucket] ?? 0) + 1;
        total++;
        run = 0;
      }
    }
  }
  if (total < 10) return null;
  let seen = 0;
  for (let len = 1; len < 64; len++) {
    seen += counts[len] ?? 0;
    if (seen >= total / 2) return len;
  }
  return 63;
}

/** Grows ink by `radius` pixels (a square structuring element), separably: rows then columns. */
export function dilate(image: BinaryImage, radius: number): BinaryImage {
  if (radius < 1) return image;
  const { width, height, data } = image;
  const rows = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const base = y * width;
    // Distance to the last ink pixel seen, scanning both ways.
    let last = -Infinity;
    for (let x = 0; x < width; x++) {
      if (data[base + x]) last = x;
      if (x - last <= radius) rows[base + x] = 1;
    }
    last = Infinity;
    for (let x = width - 1; x >= 0; x--) {
      if (data[base + x]) last = x;
      if (last - x <= radius) rows[base + x] = 1;
    }
  }
  const out = new Uint8Array(data.length);
  for (let x = 0; x < width; x++) {
    let last = -Infinity;
    for (let y = 0; y < height; y++) {
      if (rows[y * width + x]) last = y;
      if (y - last <= radius) out[y * width + x] = 1;
    }
    last = Infinity;
    for (let y = height - 1; y >= 0; y--) {
      if (rows[y * width + x]) last = y;
      if (last - y <= radius) out[y * width + x] = 1;
    }
  }
  return { width, height, data: out };
}
