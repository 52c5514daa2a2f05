import { cleanupText } from './cleanup';
import type { TextToken } from './layout';

export interface TextRange {
  start: number;
  end: number;
}

/** Below this word confidence (0–100) a word is highlighted for the student to check. */
export const UNCERTAIN_BELOW = 70;

/**
 * One number for the whole reading, 0–1: the mean word confidence weighted by
 * word length, so one doubtful comma weighs less than a doubtful number.
 */
export function overallConfidence(tokens: TextToken[]): number {
  let weight = 0;
  let sum = 0;
  for (const t of tokens) {
    const w = Math.max(1, t.text.replace(/\s/g, '').length);
    weight += w;
    sum += w * Math.min(100, Math.max(0, t.confidence));
  }
  return weight === 0 ? 0 : Math.round((sum / weight / 100) * 1000) / 1000;
}

/**
 * Where each token ended up in the cleaned text, or null. Clean-up rewrites
 * text (× → *, line joins), so each token is cleaned the same way and found
 * again in order; a token that cannot be found is skipped, not guessed.
 * Formula tokens are LaTeX that clean-up leaves alone.
 */
export function locateTokens(text: string, tokens: TextToken[]): (TextRange | null)[] {
  let from = 0;
  return tokens.map((token) => {
    const needle = token.formula ? token.text : cleanupText(token.text);
    if (!needle) return null;
    const at = text.indexOf(needle, from);
    if (at < 0) return null;
    from = at + needle.length;
    return { start: at, end: at + needle.length };
  });
}

/** Where the doubtful words ended up in the cleaned text. */
export function uncertainRanges(
  text: string,
  tokens: TextToken[],
  below = UNCERTAIN_BELOW,
): TextRange[] {
  const ranges = locateTokens(text, tokens);
  return tokens.flatMap((token, i) => {
    const range = ranges[i];
    return range && token.confidence < below ? [range] : [];
  });
}

export interface MathAssessment {
  /** Share of non-space characters that belong to formulas. */
  mathShare: number;
  /** Fractions, roots and raised or lowered scripts found in the image. */
  structures: number;
  /** Worth warning the student: mostly math, which tesseract reads poorly. */
  mathHeavy: boolean;
}

const MATH_TOKEN =
  /[=+*/^_<>|]|sqrt\(|\d[a-z]|[a-z]\d|^[a-z]$|^[a-z][,.;:?]?$|^\(?-?\d+(?:\.\d+)?\)?[,.;:?]?$/i;

/**
 * Tesseract is a text recognizer: it reads prose well and two-dimensional
 * math poorly. This decides when to say so, from how much of the reading is
 * formula and how many structures (fractions, roots, exponents) were found.
 */
export function assessMath(text: string, structures: number, confidence: number): MathAssessment {
  const words = text.split(/\s+/).filter(Boolean);
  let math = 0;
  let total = 0;
  for (const w of words) {
    total += w.length;
    if (MATH_TOKEN.test(w)) math += w.length;
  }
  const mathShare = total === 0 ? 0 : math / total;
  const mathHeavy =
    mathShare >= 0.5 ||
    (structures >= 2 && (mathShare >= 0.25 || confidence < 0.8)) ||
    (structures >= 1 && confidence < 0.6);
  return { mathShare: Math.round(mathShare * 1000) / 1000, structures, mathHeavy };
}
