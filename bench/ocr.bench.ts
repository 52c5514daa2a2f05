/**
 * OCR on ../shared/data/ocr/dev (40 images, four kinds): character error rate
 * against `gt_plain` (src/core/ocr/cer.ts, as the data README defines it),
 * micro-averaged (total edits / total reference characters), per kind and
 * overall, for raw tesseract.js (the file as is, default page segmentation)
 * and for our pipeline, plus the median seconds per image. In Node, with
 * the same tesseract.js and language data the app serves.
 *
 *   OCR_BENCH_ABLATE=1   also run the pipeline with each step switched off
 *   OCR_BENCH_VERBOSE=1  print every image's CER and text to stderr
 *
 * Rows also split the set into odd- and even-numbered images: a choice that
 * helps only one half is fitted to those images, not learned.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createWorker, OEM } from 'tesseract.js';
import type { Bench, BenchRow } from '../scripts/bench';
import { cerCounts } from '../src/core/ocr/cer';
import type { PipelineOptions } from '../src/core/ocr/pipeline';
import { runPipeline } from '../src/core/ocr/pipeline';
import { DEFAULT_PREPROCESS } from '../src/core/ocr/preprocess';
import {
  createNodeRecognizer,
  decodeImageBytes,
  type NodeRecognizer,
} from '../src/engines/ocr/node';

type Row = Omit<BenchRow, 'bench'>;

const DEV = path.resolve(import.meta.dirname, '../../shared/data/ocr/dev');
const KINDS = ['printed-text', 'printed-math', 'photo', 'handwriting'] as const;
const verbose = process.env.OCR_BENCH_VERBOSE === '1';

interface Item {
  file: string;
  kind: string;
  gt_plain: string;
}

interface Outcome {
  item: Item;
  text: string;
  edits: number;
  length: number;
  ms: number;
}

function loadManifest(): Item[] {
  return readFileSync(path.join(DEV, 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Item);
}

function half(item: Item): 'odd' | 'even' {
  const n = Number(/(\d+)\.\w+$/.exec(item.file)?.[1] ?? 0);
  return n % 2 === 1 ? 'odd' : 'even';
}

function cerOf(outcomes: Outcome[]): number {
  const edits = outcomes.reduce((s, o) => s + o.edits, 0);
  const length = outcomes.reduce((s, o) => s + o.length, 0);
  return length === 0 ? 0 : edits / length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function score(item: Item, text: string, ms: number, label: string): Outcome {
  const { edits, length } = cerCounts(text, item.gt_plain);
  if (verbose)
    console.error(
      `${label} ${item.file} cer=${(edits / length).toFixed(3)} ${Math.round(ms)}ms ${JSON.stringify(text)}`,
    );
  return { item, text, edits, length, ms };
}

/** Raw tesseract.js: the image file as is, default settings, as in the data README. */
async function runRaw(items: Item[]): Promise<Outcome[]> {
  const dir = path.dirname(
    (await import('node:module'))
      .createRequire(import.meta.url)
      .resolve('@tesseract.js-data/eng/package.json'),
  );
  const worker = await createWorker('eng', OEM.LSTM_ONLY, {
    langPath: path.join(dir, '4.0.0_best_int'),
    gzip: true,
    cacheMethod: 'none',
  });
  const out: Outcome[] = [];
  try {
    for (const item of items) {
      const bytes = await readFile(path.join(DEV, item.file));
      const start = performance.now();
      const result = await worker.recognize(bytes);
      out.push(score(item, result.data.text, performance.now() - start, 'raw'));
    }
  } finally {
    await worker.terminate();
  }
  return out;
}

async function runOurs(
  items: Item[],
  recognizer: NodeRecognizer,
  options: Partial<PipelineOptions>,
  label: string,
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const item of items) {
    const start = performance.now();
    let text = '';
    try {
      const bytes = new Uint8Array(await readFile(path.join(DEV, item.file)));
      const decoded = await decodeImageBytes(bytes);
      text = (await runPipeline(decoded.rgba, recognizer, options)).text;
    } catch (error) {
      // A 'no-text' verdict scores as an empty reading: every character missed.
      if (verbose) console.error(`${label} ${item.file} failed: ${String(error)}`);
    }
    out.push(score(item, text, performance.now() - start, label));
  }
  return out;
}

function cerRows(prefix: string, outcomes: Outcome[]): Row[] {
  const rows: Row[] = [{ name: `${prefix} CER overall`, value: cerOf(outcomes), unit: 'CER' }];
  for (const kind of KINDS) {
    rows.push({
      name: `${prefix} CER ${kind}`,
      value: cerOf(outcomes.filter((o) => o.item.kind === kind)),
      unit: 'CER',
    });
  }
  for (const h of ['odd', 'even'] as const) {
    rows.push({
      name: `${prefix} CER ${h} half`,
      value: cerOf(outcomes.filter((o) => half(o.item) === h)),
      unit: 'CER',
    });
  }
  return rows;
}

const ABLATIONS: [string, Partial<PipelineOptions>][] = [
  ['no contrast stretch', { preprocess: { ...DEFAULT_PREPROCESS, normalize: false } }],
  ['no rescale to text size', { preprocess: { ...DEFAULT_PREPROCESS, rescale: false } }],
  [
    'no binarization (gray to tesseract)',
    { preprocess: { ...DEFAULT_PREPROCESS, binarize: false }, mathRegions: false },
  ],
  ['no speck/blob/rule removal', { preprocess: { ...DEFAULT_PREPROCESS, clean: false } }],
  ['no faint-mark removal', { preprocess: { ...DEFAULT_PREPROCESS, faintFraction: 0 } }],
  ['no deskew', { preprocess: { ...DEFAULT_PREPROCESS, deskew: false } }],
  ['no crop', { preprocess: { ...DEFAULT_PREPROCESS, crop: false } }],
  ['no fractions/roots', { mathRegions: false }],
  ['no layout (scripts, dots)', { layout: false, mathRegions: false }],
  ['no text clean-up', { cleanup: false }],
  ['psm 6 (one block)', { mode: 'block' }],
];

const bench: Bench = async () => {
  if (!existsSync(path.join(DEV, 'manifest.jsonl'))) {
    return [{ name: 'dev set', value: 0, unit: '', note: `missing: ${DEV}` }];
  }
  const items = loadManifest();
  const rows: Row[] = [];
  const raw = await runRaw(items);
  rows.push(...cerRows('raw tesseract.js', raw));
  rows.push({
    name: 'raw median time/image',
    value: median(raw.map((o) => o.ms)) / 1000,
    unit: 's',
    note: 'recognize only',
  });

  const engineStart = performance.now();
  const recognizer = await createNodeRecognizer('eng');
  const startMs = performance.now() - engineStart;
  try {
    const ours = await runOurs(items, recognizer, {}, 'ours');
    rows.push(...cerRows('pipeline', ours));
    rows.push({
      name: 'pipeline median time/image',
      value: median(ours.map((o) => o.ms)) / 1000,
      unit: 's',
      note: 'decode + preprocess + all reads + clean-up',
    });
    rows.push({ name: 'engine start', value: startMs / 1000, unit: 's', note: 'once per session' });
    rows.push({
      name: 'pipeline/raw CER',
      value: cerOf(ours) / cerOf(raw),
      unit: '×',
      note: 'aim ≤ 0.5',
    });
    if (process.env.OCR_BENCH_ABLATE === '1') {
      for (const [label, options] of ABLATIONS) {
        const outcomes = await runOurs(items, recognizer, options, label);
        const kinds = KINDS.map(
          (k) => `${k} ${cerOf(outcomes.filter((o) => o.item.kind === k)).toFixed(3)}`,
        );
        rows.push({
          name: `ablation: ${label}`,
          value: cerOf(outcomes),
          unit: 'CER',
          note: kinds.join(', '),
        });
      }
    }
  } finally {
    await recognizer.terminate();
  }
  return rows;
};

export default bench;
