import type { Box } from '../image/types';
import type { OcrLine, OcrSymbol } from './types';

/** Where a line's letters sit: what superscripts and subscripts are measured against. */
export interface LineMetrics {
  /** y of the baseline (bottom of letters without descenders). */
  baseline: number;
  /** Height of capitals and digits. */
  capHeight: number;
}

const BASELINE_CHARS = /^[A-Za-fh-iklm-or-xz0-9]$/;
const TALL_CHARS = /^[A-Z0-9bdfhklt]$/;
const SHORT_CHARS = /^[acemnorsuvwxz]$/;
/** Characters that sit high by design and are never superscripts. */
const NATURALLY_RAISED = new Set(["'", '"', '`', '’', '‘', '“', '”', '^', '*', '¹', '²', '³']);
/** Characters that hang below the baseline by design. */
const NATURALLY_LOW = /^[gjpqy,;()[\]{}|/\\_]$/;
const DOT_LIKE = new Set(['-', '.', '·', '•', '—', '–', ',', '~', '°', '*']);
/** Operators and punctuation sit mid-line or low by design: never taken for scripts. */
const NEVER_SCRIPT = /^[-—–=+~<>≤≥·•.,:;!?]$/;

function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? null;
}

/**
 * Cap height first, the median of capitals and digits (handwriting varies
 * too much for anything but a median), then the baseline from letters of
 * roughly full size only, so that exponents do not raise it.
 */
export function lineMetrics(line: OcrLine): LineMetrics {
  const symbols = line.words.flatMap((w) => w.symbols).filter((s) => s.bbox.y1 > s.bbox.y0);
  const height = (s: OcrSymbol) => s.bbox.y1 - s.bbox.y0;
  const tall = symbols.filter((s) => TALL_CHARS.test(s.text)).map(height);
  const short = symbols.filter((s) => SHORT_CHARS.test(s.text)).map(height);
  const capHeight = Math.max(
    1,
    quantile(tall, 0.5) ??
      ((quantile(short, 0.5) ?? 0) / 0.7 || (quantile(symbols.map(height), 0.5) ?? 1)),
  );
  const fullSize = symbols.filter(
    (s) =>
      BASELINE_CHARS.test(s.text) &&
      height(s) >= (TALL_CHARS.test(s.text) ? 0.75 : 0.5) * capHeight,
  );
  const baseline =
    quantile(
      fullSize.map((s) => s.bbox.y1),
      0.5,
    ) ?? line.bbox.y1;
  return { baseline, capHeight };
}

export type ScriptPosition = 'normal' | 'super' | 'sub' | 'cdot';

/**
 * Where a symbol sits relative to its line. Tesseract's LSTM engine reads a
 * raised 2 as a plain 2 ("x2"), so the position is worked out from the boxes:
 * a superscript ends well above the baseline and is smaller than a capital;
 * a subscript starts well below the cap line and reaches under the baseline.
 */
export function scriptPosition(symbol: OcrSymbol, metrics: LineMetrics): ScriptPosition {
  const { baseline, capHeight } = metrics;
  const { x0, y0, x1, y1 } = symbol.bbox;
  const h = y1 - y0;
  const w = x1 - x0;
  // A centred dot is about as wide as it is tall; a hyphen or minus is much wider.
  if (
    DOT_LIKE.has(symbol.text) &&
    h <= 0.35 * capHeight &&
    w <= 0.45 * capHeight &&
    w <= 1.8 * h &&
    w >= 0.5 * h
  ) {
    const centre = (y0 + y1) / 2;
    if (centre < baseline - 0.22 * capHeight && centre > baseline - 0.75 * capHeight) return 'cdot';
  }
  if (NATURALLY_RAISED.has(symbol.text) || NEVER_SCRIPT.test(symbol.text)) return 'normal';
  if (h < 0.9 * capHeight && y1 < baseline - 0.3 * capHeight) return 'super';
  if (!NATURALLY_LOW.test(symbol.text) && h < 0.9 * capHeight && y1 > baseline + 0.2 * capHeight) {
    if (y0 > baseline - 0.6 * capHeight) return 'sub';
  }
  return 'normal';
}

/** A piece of text placed on a line at an x position, e.g. a fraction read on its own. */
export interface Insertion {
  box: Box;
  text: string;
  /** 0–100, like tesseract's word confidences. */
  confidence: number;
}

/** One word (or inserted region) of a line, in reading order. */
export interface TextToken {
  text: string;
  confidence: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** A fraction or radical read on its own. */
  region?: boolean;
  /** LaTeX from the formula recogniser, written `$…$`: clean-up leaves it alone. */
  formula?: boolean;
}

/**
 * The tokens of one line with superscripts as ^, subscripts as _, a centred
 * dot as *, and insertions (fractions read separately) spliced in by x.
 */
export function lineTokens(line: OcrLine, insertions: Insertion[] = []): TextToken[] {
  const metrics = lineMetrics(line);
  const tokens: TextToken[] = line.words.map((word) => ({
    x0: word.bbox.x0,
    x1: word.bbox.x1,
    y0: word.bbox.y0,
    y1: word.bbox.y1,
    text: wordText(word.symbols, word.text, metrics),
    confidence: word.confidence,
  }));
  for (const ins of insertions) tokens.push(insertionToken(ins));
  tokens.sort((a, b) => a.x0 - b.x0);
  return tokens.filter((t) => t.text.length > 0);
}

export function insertionToken(ins: Insertion): TextToken {
  const { x0, y0, x1, y1 } = ins.box;
  return { x0, x1, y0, y1, text: ins.text, confidence: ins.confidence, region: true };
}

export function lineText(line: OcrLine, insertions: Insertion[] = []): string {
  return lineTokens(line, insertions)
    .map((t) => t.text)
    .join(' ');
}

function wordText(symbols: OcrSymbol[], fallback: string, metrics: LineMetrics): string {
  if (symbols.length === 0) return fallback;
  let out = '';
  let i = 0;
  while (i < symbols.length) {
    const symbol = symbols[i];
    if (!symbol) break;
    let position =
      i === 0 && symbols.length > 1
        ? firstPosition(symbol, metrics)
        : scriptPosition(symbol, metrics);
    // A script needs a base: a letter, a digit or a closing bracket ("$24.⁰⁰"
    // in handwriting is cents written small, not a power of a full stop).
    if ((position === 'super' || position === 'sub') && !/[A-Za-z0-9)\]}]$/.test(out))
      position = 'normal';
    if (position === 'cdot') {
      out += symbols.length === 1 ? '*' : ' * ';
      i++;
      continue;
    }
    if (position === 'normal') {
      out += symbol.text;
      i++;
      continue;
    }
    let group = '';
    while (i < symbols.length) {
      const s = symbols[i];
      if (!s || scriptPosition(s, metrics) !== position) break;
      group += s.text;
      i++;
    }
    out += scriptText(position === 'super' ? '^' : '_', group);
  }
  return out;
}

/** A word never starts with a superscript: a raised first symbol is a quote or a stray mark. */
function firstPosition(symbol: OcrSymbol, metrics: LineMetrics): ScriptPosition {
  const p = scriptPosition(symbol, metrics);
  return p === 'super' || p === 'sub' ? 'normal' : p;
}

export function scriptText(marker: '^' | '_', group: string): string {
  return /^(?:[A-Za-z0-9]|\d+)$/.test(group) ? `${marker}${group}` : `${marker}(${group})`;
}
