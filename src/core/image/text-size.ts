import { labelComponents } from './components';
import type { BinaryImage } from './types';

/**
 * The median height of character-like connected components, in pixels, or
 * null when too few are found. Components that are specks, page-sized blobs
 * or long rules are left out, so the estimate follows the letters.
 */
export function estimateTextHeight(image: BinaryImage): number | null {
  const { components } = labelComponents(image);
  const heights: number[] = [];
  // Page-sized blobs (shadows, edges) are out; large letters on a small
  // canvas (a sketch) are in.
  const maxH = image.height * 0.8;
  const maxW = image.width * 0.5;
  for (const c of components) {
    const w = c.x1 - c.x0;
    const h = c.y1 - c.y0;
    if (h < 4 || h > maxH || w > maxW || c.area < 8) continue;
    if (w > 4 * h) continue;
    heights.push(h);
  }
  if (heights.length < 3) return null;
  heights.sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)] ?? null;
}
