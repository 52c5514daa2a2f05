/**
 * Where the formulas are in a page of words: runs of math-looking tokens on
 * one row (numbers, single-letter variables, operators, scripts, fractions
 * and roots), kept when they have some structure to read (an operator, a
 * relation, a script, a fraction or a root). Each becomes one picture for
 * the formula recogniser, and its reading replaces the run.
 */
import type { Box } from '../../image/types';
import { normalizeCharacters } from '../cleanup';
import type { TextToken } from '../layout';

export interface FormulaSpan {
  row: number;
  /** Token indices in the row, end exclusive. */
  start: number;
  end: number;
  box: Box;
}

const PUNCT = /^[,.;:?!]+$/;
/** A number, a variable, an operator, a bracket, a script, a root: the pieces of a formula. */
const PIECE =
  /^[([{|]*(?:-?\d+(?:[.,]\d+)*|[A-Za-z]|\d+[A-Za-z]+|[A-Za-z]\d+|[-+*/=<>^_|!]+|sqrt\(.*\)|[A-Za-z0-9.]*[=+*/^_<>|][A-Za-z0-9.()^_+\-*/=<>|]*)[)\]}|]*[,.;:?!]?$/;
/** Structure worth a formula recogniser: an operator or relation between things, a script, a root. */
const STRUCTURE = /[=<>^_*/+]|sqrt\(|\d[A-Za-z]|^-$|[A-Za-z0-9)]-[A-Za-z0-9(]/;

/** Words that are single letters in prose, not variables, when they stand alone. */
const PROSE_LETTERS = new Set(['a', 'A', 'I']);

/** Tesseract's text with Unicode operators as ASCII (− → -, × → *), as clean-up will write it. */
const plain = (t: TextToken) => normalizeCharacters(t.text);

function isPiece(t: TextToken): boolean {
  if (t.region) return true;
  const text = plain(t);
  if (PROSE_LETTERS.has(text)) return false;
  return PIECE.test(text);
}

export function formulaSpans(rows: TextToken[][], charHeight: number): FormulaSpan[] {
  const spans: FormulaSpan[] = [];
  rows.forEach((tokens, row) => {
    let i = 0;
    while (i < tokens.length) {
      if (!isPiece(tokens[i] as TextToken)) {
        i++;
        continue;
      }
      let end = i;
      while (end < tokens.length && isPiece(tokens[end] as TextToken)) end++;
      let start = i;
      // Punctuation alone at either end is prose around the formula.
      while (start < end && PUNCT.test(plain(tokens[start] as TextToken))) start++;
      let last = end;
      while (last > start && PUNCT.test(plain(tokens[last - 1] as TextToken))) last--;
      const run = tokens.slice(start, last);
      if (run.some((t) => t.region || STRUCTURE.test(plain(t)))) {
        spans.push({ row, start, end: last, box: padded(run, charHeight) });
      }
      i = end;
    }
  });
  return spans;
}

function padded(run: TextToken[], charHeight: number): Box {
  const pad = 0.3 * charHeight;
  return {
    x0: Math.min(...run.map((t) => t.x0)) - pad,
    y0: Math.min(...run.map((t) => t.y0)) - pad,
    x1: Math.max(...run.map((t) => t.x1)) + pad,
    y1: Math.max(...run.map((t) => t.y1)) + pad,
  };
}
