/**
 * Sensor noise breaks a local threshold into speckles that look like ink
 * (and a text-size estimate made from speckles rescales the page wrongly).
 * The noise level is measured on the picture itself; only a noisy picture
 * is smoothed, since smoothing also softens thin strokes.
 */
import { localMean } from './local-mean';
import type { GrayImage } from './types';

/**
 * Typical pixel noise in gray levels: the median absolute difference
 * between a pixel and the mean of its 3×3 neighbourhood. The median is
 * taken over all pixels, most of which are plain background, so edges of
 * letters barely move it.
 */
export function noiseLevel(image: GrayImage): number {
  const mean = localMean(image, 3);
  const hist = new Uint32Array(256);
  for (let i = 0; i < image.data.length; i++) {
    const d = Math.min(255, Math.round(Math.abs((image.data[i] ?? 0) - (mean[i] ?? 0))));
    hist[d] = (hist[d] ?? 0) + 1;
  }
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v] ?? 0;
    if (seen >= image.data.length / 2) return v;
  }
  return 255;
}

/** A box blur of the given radius (one integral image, whatever the radius). */
export function smooth(image: GrayImage, radius: number): GrayImage {
  const mean = localMean(image, 2 * radius + 1);
  return { width: image.width, height: image.height, data: Uint8ClampedArray.from(mean) };
}
