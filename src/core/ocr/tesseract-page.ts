import { encodePgm } from '../image/pnm';
import type { Box } from '../image/types';
import {
  type OcrLine,
  type OcrPage,
  type OcrRecognizer,
  type OcrSymbol,
  type OcrWord,
  PSM_CODES,
} from './types';

/**
 * Converts tesseract.js's `blocks` output (blocks → paragraphs → lines →
 * words → symbols) into the flat OcrPage the pipeline reads. The input is
 * typed as unknown on purpose: it crosses from an untyped engine, and a
 * missing field should give an empty page, not a crash.
 */
export function pageFromTesseract(data: unknown): OcrPage {
  const page = asRecord(data);
  const lines: OcrLine[] = [];
  for (const block of asArray(page.blocks)) {
    for (const paragraph of asArray(asRecord(block).paragraphs)) {
      for (const line of asArray(asRecord(paragraph).lines)) {
        const l = asRecord(line);
        const words: OcrWord[] = [];
        for (const word of asArray(l.words)) {
          const w = asRecord(word);
          const symbols: OcrSymbol[] = asArray(w.symbols).map((symbol) => {
            const s = asRecord(symbol);
            return {
              text: asString(s.text),
              confidence: asNumber(s.confidence),
              bbox: asBox(s.bbox),
            };
          });
          words.push({
            text: asString(w.text),
            confidence: asNumber(w.confidence),
            bbox: asBox(w.bbox),
            symbols,
          });
        }
        if (words.length > 0) lines.push({ bbox: asBox(l.bbox), words });
      }
    }
  }
  return { text: asString(page.text), confidence: asNumber(page.confidence), lines };
}

/** Moves every box by (dx, dy) and scales by `scale` first: a crop's result in page coordinates. */
export function transformPage(page: OcrPage, dx: number, dy: number, scale = 1): OcrPage {
  const box = (b: Box): Box => ({
    x0: b.x0 * scale + dx,
    y0: b.y0 * scale + dy,
    x1: b.x1 * scale + dx,
    y1: b.y1 * scale + dy,
  });
  return {
    ...page,
    lines: page.lines.map((line) => ({
      bbox: box(line.bbox),
      words: line.words.map((word) => ({
        ...word,
        bbox: box(word.bbox),
        symbols: word.symbols.map((s) => ({ ...s, bbox: box(s.bbox) })),
      })),
    })),
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function asNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function asBox(value: unknown): Box {
  const b = asRecord(value);
  return { x0: asNumber(b.x0), y0: asNumber(b.y0), x1: asNumber(b.x1), y1: asNumber(b.y1) };
}

/**
 * An OcrRecognizer over any tesseract.js worker: `run` hands tesseract the
 * PGM bytes with a page segmentation mode and returns its raw result data.
 * The browser worker wraps the bytes in a Blob, Node passes a Buffer; the
 * rest is shared.
 */
export function recognizerFromTesseract(
  run: (pgm: Uint8Array, psm: string) => Promise<unknown>,
): OcrRecognizer {
  return {
    async recognize(image, mode) {
      return pageFromTesseract(await run(encodePgm(image), PSM_CODES[mode]));
    },
  };
}

/**
 * Tesseract settings the pipeline relies on. The PGM carries no resolution,
 * and a fixed one stops tesseract guessing from the text size (and logging
 * "Estimating resolution" for every image).
 */
export const TESSERACT_PARAMETERS = { user_defined_dpi: '300' } as const;
