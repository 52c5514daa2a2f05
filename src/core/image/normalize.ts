import { histogram, percentile } from './grayscale';
import type { GrayImage } from './types';

/**
 * Linear contrast stretch between two percentiles, so that faint pencil or a
 * washed-out photo uses the full range before thresholding. Clipping at
 * percentiles rather than min/max keeps a few hot pixels from deciding it.
 */
export function stretchContrast(image: GrayImage, low = 0.005, high = 0.995): GrayImage {
  const hist = histogram(image);
  const lo = percentile(hist, low);
  const hi = percentile(hist, high);
  if (hi - lo < 8) return image;
  const lut = new Uint8ClampedArray(256);
  for (let v = 0; v < 256; v++) lut[v] = ((v - lo) * 255) / (hi - lo);
  const out = new Uint8ClampedArray(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = lut[image.data[i] ?? 0] ?? 0;
  return { width: image.width, height: image.height, data: out };
}
