/**
 * The formula recogniser inside the pipeline: each formula span of the page
 * is cut out of the clean ink and read as LaTeX; a region the student
 * selects is cut out of the photo, cleaned the same way and read.
 */
import { cropBinary, padBinary } from '../../image/crop';
import type { BinaryImage, Box, RgbaImage } from '../../image/types';
import { ocrError } from '../errors';
import type { TextToken } from '../layout';
import { preprocess } from '../preprocess';
import type { FormulaReader, FormulaReading } from '../types';
import { inlineFormula } from './latex';
import type { FormulaSpan } from './spans';

export interface FormulaOutcome {
  /** Spans read and put in the text as `$…$`. */
  read: number;
  /** Spans whose reading failed (left as tesseract read them). */
  failed: number;
}

/**
 * Replaces each span's tokens by one formula token `$latex$` (punctuation
 * the recogniser read at its end follows the closing dollar). A span whose
 * reading fails or comes back empty keeps tesseract's words: the pipeline
 * never loses text to the formula model.
 */
export async function readFormulaSpans(
  rows: TextToken[][],
  spans: FormulaSpan[],
  ink: BinaryImage,
  reader: FormulaReader,
  checkpoint: () => void = () => {},
): Promise<FormulaOutcome> {
  const outcome: FormulaOutcome = { read: 0, failed: 0 };
  // From the right, so that earlier indices of the row stay valid.
  const ordered = [...spans].sort((a, b) => a.row - b.row || b.start - a.start);
  for (const span of ordered) {
    const row = rows[span.row];
    if (!row) continue;
    let reading: FormulaReading;
    try {
      reading = await reader.read(inkPicture(ink, span.box));
    } catch (error) {
      if ((error as { name?: string }).name === 'AbortError') throw error;
      outcome.failed++;
      continue;
    }
    checkpoint();
    const run = row.slice(span.start, span.end);
    // Punctuation after the formula ("x = 2,") is tesseract's to read: it
    // knows the comma is prose; the recogniser may or may not have read it.
    const after = /[,.;:?!]+$/.exec(run.at(-1)?.text ?? '')?.[0] ?? '';
    const { math } = inlineFormula(reading.latex);
    if (!math) {
      outcome.failed++;
      continue;
    }
    row.splice(span.start, span.end - span.start, {
      text: `$${math}$${after}`,
      confidence: Math.round(reading.confidence * 1000) / 10,
      x0: Math.min(...run.map((t) => t.x0)),
      x1: Math.max(...run.map((t) => t.x1)),
      y0: Math.min(...run.map((t) => t.y0)),
      y1: Math.max(...run.map((t) => t.y1)),
      formula: true,
    });
    outcome.read++;
  }
  return outcome;
}

/** Black ink on white, as RGBA, cut from the clean ink with a small margin. */
export function inkPicture(ink: BinaryImage, box: Box): RgbaImage {
  const clipped = {
    x0: Math.max(0, Math.floor(box.x0)),
    y0: Math.max(0, Math.floor(box.y0)),
    x1: Math.min(ink.width, Math.ceil(box.x1)),
    y1: Math.min(ink.height, Math.ceil(box.y1)),
  };
  if (clipped.x1 <= clipped.x0 || clipped.y1 <= clipped.y0) throw ocrError('no-text');
  const cut = padBinary(cropBinary(ink, clipped), 2);
  const data = new Uint8ClampedArray(cut.width * cut.height * 4);
  for (let i = 0; i < cut.data.length; i++) {
    const v = cut.data[i] ? 0 : 255;
    data[i * 4] = v;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = v;
    data[i * 4 + 3] = 255;
  }
  return { width: cut.width, height: cut.height, data };
}

/**
 * A region the student selected on the picture (in its pixels), read as
 * one formula: cut out, cleaned (binarised, levelled, cropped to its ink)
 * by the same preprocessing as a whole photo, then read.
 */
export async function readSelectedFormula(
  rgba: RgbaImage,
  box: Box,
  reader: FormulaReader,
): Promise<FormulaReading> {
  const x0 = Math.max(0, Math.floor(box.x0));
  const y0 = Math.max(0, Math.floor(box.y0));
  const x1 = Math.min(rgba.width, Math.ceil(box.x1));
  const y1 = Math.min(rgba.height, Math.ceil(box.y1));
  if (x1 - x0 < 4 || y1 - y0 < 4) throw ocrError('no-text');
  const data = new Uint8ClampedArray((x1 - x0) * (y1 - y0) * 4);
  for (let y = y0; y < y1; y++) {
    const from = (y * rgba.width + x0) * 4;
    data.set(rgba.data.subarray(from, from + (x1 - x0) * 4), (y - y0) * (x1 - x0) * 4);
  }
  const pre = preprocess({ width: x1 - x0, height: y1 - y0, data });
  if (pre.blank) throw ocrError('no-text');
  const reading = await reader.read(
    inkPicture(pre.ink, { x0: 0, y0: 0, x1: pre.ink.width, y1: pre.ink.height }),
  );
  if (!reading.latex.trim()) throw ocrError('no-text');
  return reading;
}
