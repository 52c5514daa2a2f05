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

// Fitted on the tuning set of 2026-12-05 (seed 12, 10234 words) by
// `npx tsx scripts/ocr-tuning/calibrate.ts --fit`; the dev set was not used.
export const CALIBRATION: { prose: Knots; math: Knots } = {
  prose: [
    [0, 0.026],
    [0.08, 0.084],
    [0.25, 0.141],
    [0.36, 0.207],
    [0.4, 0.219],
    [0.475, 0.24],
    [0.56, 0.314],
    [0.6, 0.39],
    [0.685, 0.471],
    [0.75, 0.6],
    [0.79, 0.636],
    [0.85, 0.687],
    [0.885, 0.778],
    [0.895, 0.845],
    [0.905, 0.855],
    [0.915, 0.876],
    [0.93, 0.969],
    [0.94, 0.985],
    [0.95, 0.993],
    [0.955, 0.999],
    [0.965, 1],
    [1, 1],
  ],
  math: [
    [0, 0.045],
    [0.18, 0.045],
    [0.375, 0.111],
    [0.4, 0.138],
    [0.465, 0.144],
    [0.56, 0.156],
    [0.65, 0.286],
    [0.72, 0.297],
    [0.76, 0.343],
    [0.795, 0.39],
    [0.83, 0.394],
    [0.865, 0.469],
    [0.9, 0.529],
    [0.915, 0.595],
    [0.92, 0.631],
    [0.925, 0.64],
    [0.935, 0.683],
    [0.945, 0.772],
    [0.96, 0.894],
    [0.965, 0.92],
    [1, 0.92],
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
