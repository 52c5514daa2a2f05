import { integralImage, windowSum } from './integral';
import type { BinaryImage, GrayImage } from './types';

export interface SauvolaOptions {
  /** Window side in pixels (made odd). About two to three character heights works well. */
  window: number;
  /** Sensitivity: higher keeps less ink. Sauvola's paper uses 0.5; 0.2–0.35 suits anti-aliased text. */
  k?: number;
  /** Dynamic range of the standard deviation (128 for 8-bit images). */
  r?: number;
}

/**
 * Sauvola's local threshold, T = m · (1 + k · (s / R − 1)), with the local mean m
 * and standard deviation s over a square window read from two integral
 * images, so the cost does not depend on the window size. Unlike a global
 * (Otsu) threshold, it follows a page that darkens towards one corner.
 */
export function sauvola(image: GrayImage, options: SauvolaOptions): BinaryImage {
  const { width, height, data } = image;
  const k = options.k ?? 0.3;
  const range = options.r ?? 128;
  const radius = Math.max(1, Math.floor(options.window / 2));
  const stride = width + 1;
  const sum = integralImage(image);
  const sumSq = integralImage(image, true);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const n = (y1 - y0) * (x1 - x0);
      const s1 = windowSum(sum, stride, x0, y0, x1, y1);
      const s2 = windowSum(sumSq, stride, x0, y0, x1, y1);
      const mean = s1 / n;
      const std = Math.sqrt(Math.max(0, s2 / n - mean * mean));
      const threshold = mean * (1 + k * (std / range - 1));
      out[y * width + x] = (data[y * width + x] ?? 0) < threshold ? 1 : 0;
    }
  }
  return { width, height, data: out };
}

/** Otsu's global threshold: the level that best separates the histogram into two classes. */
export function otsuLevel(image: GrayImage): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < image.data.length; i++) {
    const v = image.data[i] ?? 0;
    hist[v] = (hist[v] ?? 0) + 1;
  }
  const total = image.data.length;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) sumAll += v * (hist[v] ?? 0);
  let sumBack = 0;
  let weightBack = 0;
  let best = 0;
  let level = 127;
  for (let v = 0; v < 256; v++) {
    weightBack += hist[v] ?? 0;
    if (weightBack === 0) continue;
    const weightFore = total - weightBack;
    if (weightFore === 0) break;
    sumBack += v * (hist[v] ?? 0);
    const meanBack = sumBack / weightBack;
    const meanFore = (sumAll - sumBack) / weightFore;
    const between = weightBack * weightFore * (meanBack - meanFore) ** 2;
    if (between > best) {
      best = between;
      level = v;
    }
  }
  return level;
}

export function thresholdGlobal(image: GrayImage, level: number): BinaryImage {
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (image.data[i] ?? 0) <= level ? 1 : 0;
  return { width: image.width, height: image.height, data: out };
}
