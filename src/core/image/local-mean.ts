import { integralImage, windowSum } from './integral';
import type { GrayImage } from './types';

/**
 * The mean gray over a square window around every pixel, from one integral
 * image: the local background estimate that faint-mark filtering compares ink
 * against. Float32 output, one value per pixel.
 */
export function localMean(image: GrayImage, window: number): Float32Array {
  const { width, height } = image;
  const radius = Math.max(1, Math.floor(window / 2));
  const stride = width + 1;
  const sum = integralImage(image);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const s = windowSum(sum, stride, x0, y0, x1, y1);
      out[y * width + x] = s / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}
