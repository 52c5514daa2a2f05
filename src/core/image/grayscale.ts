import type { GrayImage, RgbaImage } from './types';

/**
 * Luma (Rec. 601) composited over white. Compositing matters: a screenshot or
 * a sketch with a transparent background is black ink on transparent black,
 * which would otherwise turn into black on black.
 */
export function toGray(image: RgbaImage): GrayImage {
  const { width, height, data } = image;
  const out = new Uint8ClampedArray(width * height);
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    const r = data[p] ?? 0;
    const g = data[p + 1] ?? 0;
    const b = data[p + 2] ?? 0;
    const a = data[p + 3] ?? 255;
    const luma = 0.299 * r + 0.587 * g + 0.114 * b;
    out[i] = a === 255 ? luma : (luma * a + 255 * (255 - a)) / 255;
  }
  return { width, height, data: out };
}

/**
 * Light text on a dark background (dark-mode screenshots, chalkboards) is
 * inverted so that ink is always darker than paper. The median decides: text
 * covers far less than half of any page.
 */
export function normalizePolarity(image: GrayImage): { image: GrayImage; inverted: boolean } {
  if (median(image) >= 110) return { image, inverted: false };
  const out = new Uint8ClampedArray(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = 255 - (image.data[i] ?? 0);
  return { image: { width: image.width, height: image.height, data: out }, inverted: true };
}

export function histogram(image: GrayImage): Uint32Array {
  const hist = new Uint32Array(256);
  const { data } = image;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] ?? 0;
    hist[v] = (hist[v] ?? 0) + 1;
  }
  return hist;
}

/** The value below which `fraction` of the pixels lie. */
export function percentile(hist: Uint32Array, fraction: number): number {
  let total = 0;
  for (let v = 0; v < 256; v++) total += hist[v] ?? 0;
  const target = fraction * total;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v] ?? 0;
    if (seen > target || seen === total) return v;
  }
  return 255;
}

export function median(image: GrayImage): number {
  return percentile(histogram(image), 0.5);
}
