/**
 * OCR on two sets: the tuning set (scripts/ocr-tuning/generate.ts, every
 * choice was made on it) and ../shared/data/ocr/dev (40 images, held out:
 * nothing is fitted to it). Character error rate against `gt_plain`
 * (src/core/ocr/cer.ts, as the data README defines it), micro-averaged
 * (total edits / total reference characters), per kind and overall, for
 * raw tesseract.js (the file as is, default page segmentation) and for our
 * pipeline, plus the median seconds per image. In Node, with the same
 * tesseract.js and language data the app serves.
 *
 *   OCR_BENCH_SETS=dev|tuning   one set only (default: both; the tuning set when present)
 *   OCR_BENCH_FORMULAS=DIR      read formulas with that model (tiny-formula: for timing only)
 *   OCR_BENCH_ABLATE=1          also run the pipeline with each step switched off (tuning set)
 *   OCR_BENCH_VERBOSE=1         print every image's CER and text to stderr
 *   OCR_TUNING_DIR=DIR          where the tuning set is (default .ocr-tuning)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createWorker, OEM } from 'tesseract.js';
import type { Bench, BenchRow } from '../scripts/bench';
import {
  byKind,
  DEV_DIR,
  evaluate,
  half,
  hasSet,
  type Item,
  KINDS,
  loadSet,
  median,
  type Outcome,
  sketchPicture,
  TUNING_DIR,
} from '../scripts/ocr-tuning/evaluate';
import { toGray } from '../src/core/image/grayscale';
import { encodePgm } from '../src/core/image/pnm';
import { cerCounts } from '../src/core/ocr/cer';
import type { PipelineOptions } from '../src/core/ocr/pipeline';
import { DEFAULT_PREPROCESS } from '../src/core/ocr/preprocess';
import { createNodeRecognizer, type NodeRecognizer } from '../src/engines/ocr/node';

type Row = Omit<BenchRow, 'bench'>;

const verbose = process.env.OCR_BENCH_VERBOSE === '1';
const log = verbose ? (line: string) => console.error(line) : undefined;

/** Raw tesseract.js: the image file as is (a sketch: the pad's screen pixels), default settings. */
async function runRaw(dir: string, items: Item[]): Promise<Outcome[]> {
  const langDir = path.dirname(
    (await import('node:module'))
      .createRequire(import.meta.url)
      .resolve('@tesseract.js-data/eng/package.json'),
  );
  const worker = await createWorker('eng', OEM.LSTM_ONLY, {
    langPath: path.join(langDir, '4.0.0_best_int'),
    gzip: true,
    cacheMethod: 'none',
  });
  const out: Outcome[] = [];
  try {
    for (const item of items) {
      let bytes: Buffer | Uint8Array = await readFile(path.join(dir, item.file));
      if (item.kind === 'sketch')
        bytes = encodePgm(toGray(sketchPicture(JSON.parse(String(bytes)), { kind: 'canvas' })));
      const start = performance.now();
      const result = await worker.recognize(Buffer.from(bytes));
      const ms = performance.now() - start;
      const { edits, length } = cerCounts(result.data.text, item.gt_plain);
      log?.(`raw ${item.file} cer=${(edits / length).toFixed(3)}`);
      out.push({ item, text: result.data.text, edits, length, ms, result: null });
    }
  } finally {
    await worker.terminate();
  }
  return out;
}

function cerRows(prefix: string, outcomes: Outcome[]): Row[] {
  const table = byKind(outcomes);
  const rows: Row[] = [
    {
      name: `${prefix} CER overall`,
      value: table.overall.cer,
      unit: 'CER',
      note: `${table.overall.n} images`,
    },
  ];
  for (const kind of KINDS) {
    if (table[kind].n === 0) continue;
    rows.push({
      name: `${prefix} CER ${kind}`,
      value: table[kind].cer,
      unit: 'CER',
      note: `${table[kind].n} images, ${table[kind].chars} chars`,
    });
  }
  for (const h of ['odd', 'even'] as const) {
    rows.push({
      name: `${prefix} CER ${h} half`,
      value: byKind(outcomes.filter((o) => half(o.item) === h)).overall.cer,
      unit: 'CER',
    });
  }
  return rows;
}

const ABLATIONS: [string, Partial<PipelineOptions>][] = [
  ['no contrast stretch', { preprocess: { ...DEFAULT_PREPROCESS, normalize: false } }],
  ['no denoising', { preprocess: { ...DEFAULT_PREPROCESS, denoiseAbove: 0 } }],
  ['no rescale to text size', { preprocess: { ...DEFAULT_PREPROCESS, rescale: false } }],
  [
    'no binarization (gray to tesseract)',
    { preprocess: { ...DEFAULT_PREPROCESS, binarize: false }, mathRegions: false },
  ],
  ['no speck/blob/rule removal', { preprocess: { ...DEFAULT_PREPROCESS, clean: false } }],
  ['no faint-mark removal', { preprocess: { ...DEFAULT_PREPROCESS, faintFraction: 0 } }],
  ['no deskew', { preprocess: { ...DEFAULT_PREPROCESS, deskew: false } }],
  ['no crop', { preprocess: { ...DEFAULT_PREPROCESS, crop: false } }],
  ['no sheet mask (read the table too)', { preprocess: { ...DEFAULT_PREPROCESS, sheet: false } }],
  ['no fractions/roots', { mathRegions: false }],
  ['no layout (scripts, dots)', { layout: false, mathRegions: false }],
  ['no text clean-up', { cleanup: false }],
  ['psm 6 (one block)', { mode: 'block' }],
];

async function benchSet(
  name: 'dev' | 'tuning',
  dir: string,
  recognizer: NodeRecognizer,
  options: Partial<PipelineOptions>,
): Promise<Row[]> {
  const items = loadSet(dir);
  const rows: Row[] = [];
  const raw = await runRaw(dir, items);
  rows.push(...cerRows(`${name}: raw tesseract.js`, raw));
  const ours = await evaluate(dir, items, recognizer, options, undefined, log);
  rows.push(...cerRows(`${name}: pipeline`, ours));
  rows.push({
    name: `${name}: pipeline/raw CER`,
    value: byKind(ours).overall.cer / byKind(raw).overall.cer,
    unit: '×',
    note: 'aim ≤ 0.5',
  });
  rows.push({
    name: `${name}: pipeline median time/image`,
    value: median(ours.filter((o) => o.item.kind !== 'sketch').map((o) => o.ms)) / 1000,
    unit: 's',
    note: 'decode + preprocess + all reads + clean-up',
  });
  if (name === 'tuning' && process.env.OCR_BENCH_ABLATE === '1') {
    for (const [label, ablation] of ABLATIONS) {
      const outcomes = await evaluate(dir, items, recognizer, { ...options, ...ablation });
      const table = byKind(outcomes);
      rows.push({
        name: `${name}: ablation: ${label}`,
        value: table.overall.cer,
        unit: 'CER',
        note: KINDS.filter((k) => table[k].n > 0)
          .map((k) => `${k} ${table[k].cer.toFixed(3)}`)
          .join(', '),
      });
    }
  }
  return rows;
}

const bench: Bench = async () => {
  const wanted = (process.env.OCR_BENCH_SETS ?? 'tuning,dev').split(',');
  const rows: Row[] = [];
  const engineStart = performance.now();
  const recognizer = await createNodeRecognizer('eng');
  rows.push({
    name: 'engine start',
    value: (performance.now() - engineStart) / 1000,
    unit: 's',
    note: 'once per session',
  });
  const formulas = process.env.OCR_BENCH_FORMULAS
    ? await (await import('../src/engines/ocr/formula/node')).loadFormulaReader(
        process.env.OCR_BENCH_FORMULAS,
      )
    : undefined;
  const options: Partial<PipelineOptions> = formulas ? { formulas } : {};
  try {
    for (const [name, dir] of [
      ['tuning', TUNING_DIR],
      ['dev', DEV_DIR],
    ] as const) {
      if (!wanted.includes(name)) continue;
      if (!hasSet(dir)) {
        rows.push({
          name: `${name} set`,
          value: 0,
          unit: '',
          note:
            name === 'tuning'
              ? `skipped: no tuning set at ${dir} (npx tsx scripts/ocr-tuning/generate.ts)`
              : `skipped: missing ${dir}`,
        });
        continue;
      }
      rows.push(...(await benchSet(name, dir, recognizer, options)));
    }
  } finally {
    await recognizer.terminate();
    await formulas?.dispose();
  }
  return rows;
};

export default bench;
