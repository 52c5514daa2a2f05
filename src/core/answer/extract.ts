import { findBoxed } from './boxed';
import type { DatasetName } from './datasets';
import { stripString } from './normalize';
import { PY_DIGIT, PY_SPACE, pyStrip } from './py';

/**
 * Reading the final answer out of a solution the way the official evaluation
 * does (`extract_answer`, then `strip_string` once more as `run_execute`
 * does). The data set matters only for a few official branches; for the data
 * sets we evaluate it changes nothing here, but callers pass it so that the
 * day one does, nobody has to find every call site.
 */

const LAST_NUMBER = new RegExp(`-?[${PY_DIGIT}]*\\.?[${PY_DIGIT}]+`, 'gu');
const NEWLINE_AND_SPACE = new RegExp(`\\n[${PY_SPACE}]*`, 'gu');
/** Data sets whose answers keep their unit words (officially carp_en and minerva_math). */
const KEEPS_UNITS: ReadonlySet<string> = new Set(['carp_en', 'minerva_math']);

export interface ExtractOptions {
  /** Fall back to the last number in the text (default true, as in the official evaluation). */
  useLastNumber?: boolean;
}

/** The raw answer text before the common clean-up: boxed, "the answer is", 答案是, last number. */
function locateAnswer(text: string, useLastNumber: boolean): string {
  if (text.includes('final answer is $') && text.includes('$. I hope')) {
    // Minerva's few-shot format
    const marker = 'final answer is $';
    const tail = text.slice(text.indexOf(marker) + marker.length);
    return pyStrip(tail.split('$. I hope')[0] ?? '');
  }
  const box = findBoxed(text);
  if (box) return box.content;
  for (const trigger of ['he answer is', 'final answer is']) {
    if (text.includes(trigger))
      return pyStrip(text.slice(text.lastIndexOf(trigger) + trigger.length));
  }
  if (text.includes('答案是')) {
    // the first occurrence, up to the next blank line
    return pyStrip(pyStrip(text.split('答案是')[1] ?? '').split('\n\n')[0] ?? '');
  }
  if (!useLastNumber) return '';
  const numbers = text.replaceAll(',', '').match(LAST_NUMBER);
  return numbers?.at(-1) ?? '';
}

/** The clean-up every located answer gets: line breaks, a leading ":", a trailing "." or "/". */
function tidy(answer: string): string {
  let pred = answer.replace(NEWLINE_AND_SPACE, '');
  if (pred.startsWith(':')) pred = pred.slice(1);
  if (pred.endsWith('.')) pred = pred.slice(0, -1);
  if (pred.endsWith('/')) pred = pred.slice(0, -1);
  return pred;
}

/** The official `extract_answer`: the answer a solution gives, normalised once. */
export function extractAnswer(
  text: string,
  dataset: DatasetName = 'math',
  options: ExtractOptions = {},
): string {
  const source = text.replaceAll('\u043a\u0438', ''); // "ки", a step tag of some reward-model data
  const pred = tidy(locateAnswer(source, options.useLastNumber ?? true));
  return stripString(pred, { skipUnit: KEEPS_UNITS.has(dataset) });
}

/**
 * The prediction the official evaluation records for a solution (`preds` in
 * its output): `extract_answer` and then `strip_string` a second time. The
 * second pass is not always a no-op, so it is kept.
 */
export function extractPrediction(text: string, dataset: DatasetName = 'math'): string {
  return stripString(extractAnswer(text, dataset), { skipUnit: KEEPS_UNITS.has(dataset) });
}

/**
 * An answer already cut out (the content of a box, or what a student typed)
 * normalised exactly as `extractPrediction` would normalise it inside
 * `\boxed{…}`.
 */
export function normalizeAnswer(answer: string, dataset: DatasetName = 'math'): string {
  const skipUnit = KEEPS_UNITS.has(dataset);
  return stripString(stripString(tidy(answer), { skipUnit }), { skipUnit });
}
