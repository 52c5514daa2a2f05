import type { GrayImage } from './types';

/**
 * The mean gray over a square window around every pixel, from one integral
 * image: the local background estimate that faint-mark filtering compares ink
 * against. Float32 output, one value per pixel.
 */
export function localMean(image: GrayImage, window: number): Float32Array {
  const { width, height, data } = image;
  const radius = Math.max(1, Math.floor(window / 2));
  const stride = width + 1;
  const sum = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    for (let x = 0; x < width; x++) {
      rowSum += data[y * width + x] ?? 0;
      const i = (y + 1) * stride + x + 1;
      sum[i] = (sum[i - stride] ?? 0) + rowSum;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const s =
        (sum[y1 * stride + x1] ?? 0) -
        (sum[y0 * stride + x1] ?? 0) -
        (sum[y1 * stride + x0] ?? 0) +
        (sum[y0 * stride + x0] ?? 0);
      out[y * width + x] = s / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}
