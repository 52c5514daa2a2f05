import type { GrayImage } from './types';

/**
 * A summed-area table of the image (or of its squares): entry (x + 1, y + 1)
 * holds the sum over all pixels above and left of (x, y), inclusive, in a
 * (width + 1) × (height + 1) array with a zero first row and column. Any
 * window's sum is then four reads, whatever its size. Float64: a sum of
 * squares over a 4-megapixel image overflows 32 bits.
 */
export function integralImage(image: GrayImage, squared = false): Float64Array {
  const { width, height, data } = image;
  const stride = width + 1;
  const table = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x] ?? 0;
      rowSum += squared ? v * v : v;
      const i = (y + 1) * stride + x + 1;
      table[i] = (table[i - stride] ?? 0) + rowSum;
    }
  }
  return table;
}

/** The sum over columns [x0, x1) and rows [y0, y1) of an integralImage table. */
export function windowSum(
  table: Float64Array,
  stride: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  return (
    (table[y1 * stride + x1] ?? 0) -
    (table[y0 * stride + x1] ?? 0) -
    (table[y1 * stride + x0] ?? 0) +
    (table[y0 * stride + x0] ?? 0)
  );
}
