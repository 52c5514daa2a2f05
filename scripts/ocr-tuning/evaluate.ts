/**
 * Reads a set of problem pictures (../shared/data/ocr/dev, or the tuning set
 * that generate.ts writes) with the OCR pipeline and scores it: CER per
 * kind, micro-averaged (total edits / total reference characters), as the
 * data README defines it. Shared by the benchmark and the tuning script.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { renderSketch, SKETCH_RENDER, type SketchRenderOptions } from '../../src/core/image/sketch';
import { type PenStroke, rasterizeStrokes } from '../../src/core/image/strokes';
import type { RgbaImage } from '../../src/core/image/types';
import { cerCounts } from '../../src/core/ocr/cer';
import { latexToPlain } from '../../src/core/ocr/latex-plain';
import {
  type PipelineOptions,
  type PipelineResult,
  runPipeline,
} from '../../src/core/ocr/pipeline';
import type { OcrRecognizer } from '../../src/core/ocr/types';
import { decodeImageBytes } from '../../src/engines/ocr/node';

export const KINDS = ['printed-text', 'printed-math', 'photo', 'handwriting', 'sketch'] as const;
export type Kind = (typeof KINDS)[number];

export interface Item {
  file: string;
  kind: Kind;
  source?: string;
  gt: string;
  gt_plain: string;
  render?: Record<string, unknown>;
}

export interface Outcome {
  item: Item;
  text: string;
  edits: number;
  length: number;
  ms: number;
  result: PipelineResult | null;
}

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DEV_DIR = path.resolve(ROOT, '..', 'shared', 'data', 'ocr', 'dev');
export const TUNING_DIR = path.resolve(
  process.env.OCR_TUNING_DIR ?? path.join(ROOT, '.ocr-tuning'),
);

export function hasSet(dir: string): boolean {
  return existsSync(path.join(dir, 'manifest.jsonl'));
}

export function loadSet(dir: string): Item[] {
  return readFileSync(path.join(dir, 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Item);
}

/** How a sketch reaches the recogniser: as the pad's screen pixels (before) or drawn from its strokes. */
export type SketchMode = { kind: 'canvas' } | { kind: 'clean'; options: SketchRenderOptions };

interface SketchFile {
  width: number;
  height: number;
  strokes: PenStroke[];
}

export function sketchPicture(sketch: SketchFile, mode: SketchMode): RgbaImage {
  if (mode.kind === 'canvas') return rasterizeStrokes(sketch.strokes, sketch.width, sketch.height);
  const picture = renderSketch(sketch.strokes, mode.options);
  if (!picture) throw new Error('empty sketch');
  return picture;
}

export async function pictureOf(dir: string, item: Item, sketch: SketchMode): Promise<RgbaImage> {
  if (item.kind === 'sketch') {
    const file = JSON.parse(await readFile(path.join(dir, item.file), 'utf8')) as SketchFile;
    return sketchPicture(file, sketch);
  }
  return (await decodeImageBytes(new Uint8Array(await readFile(path.join(dir, item.file))))).rgba;
}

/** The reading in the data's plain notation: each `$…$` formula in its plain reading. */
export function plainReading(result: PipelineResult): string {
  let out = '';
  let at = 0;
  for (const f of result.formulas) {
    out += result.text.slice(at, f.start);
    const token = result.text.slice(f.start, f.end);
    out += latexToPlain(f.latex) + (/[,.;:?!]*$/.exec(token)?.[0] ?? '');
    at = f.end;
  }
  return out + result.text.slice(at);
}

export async function evaluate(
  dir: string,
  items: Item[],
  recognizer: OcrRecognizer,
  options: Partial<PipelineOptions> = {},
  sketch: SketchMode = { kind: 'clean', options: SKETCH_RENDER },
  log?: (line: string) => void,
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const item of items) {
    const start = performance.now();
    let text = '';
    let result: PipelineResult | null = null;
    try {
      result = await runPipeline(await pictureOf(dir, item, sketch), recognizer, options);
      text = plainReading(result);
    } catch {
      // A 'no-text' verdict scores as an empty reading: every character missed.
    }
    const ms = performance.now() - start;
    const { edits, length } = cerCounts(text, item.gt_plain);
    log?.(
      `${item.file} cer=${(edits / length).toFixed(3)} ${Math.round(ms)}ms ${JSON.stringify(text)}`,
    );
    out.push({ item, text, edits, length, ms, result });
  }
  return out;
}

export function cerOf(outcomes: Outcome[]): number {
  const edits = outcomes.reduce((s, o) => s + o.edits, 0);
  const length = outcomes.reduce((s, o) => s + o.length, 0);
  return length === 0 ? 0 : edits / length;
}

export function byKind(
  outcomes: Outcome[],
): Record<Kind | 'overall', { cer: number; n: number; chars: number }> {
  const row = (list: Outcome[]) => ({
    cer: cerOf(list),
    n: list.length,
    chars: list.reduce((s, o) => s + o.length, 0),
  });
  const table = { overall: row(outcomes) } as Record<
    Kind | 'overall',
    { cer: number; n: number; chars: number }
  >;
  for (const kind of KINDS) table[kind] = row(outcomes.filter((o) => o.item.kind === kind));
  return table;
}

/** Odd- or even-numbered pictures: a choice that helps only one half is fitted, not learned. */
export function half(item: Item): 'odd' | 'even' {
  const n = Number(/(\d+)\.\w+$/.exec(item.file)?.[1] ?? 0);
  return n % 2 === 1 ? 'odd' : 'even';
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
