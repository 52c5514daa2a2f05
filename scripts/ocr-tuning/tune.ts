/**
 * Tries pipeline variants on the tuning set and prints CER per kind and per
 * half for each, so every choice is made on pictures the dev set does not
 * contain (docs/benchmarks/ocr.md, "How the choices were made").
 *
 *   npx tsx scripts/ocr-tuning/tune.ts [--variants a,b] [--kinds photo,sketch] [--dump FILE]
 *
 * A variant is a name from VARIANTS below. --dump writes every reading of
 * the first variant as JSONL for a look at what fails. Never pass the dev
 * set here: it is the held-out test.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SKETCH_RENDER } from '../../src/core/image/sketch';
import { DEFAULT_PIPELINE, type PipelineOptions } from '../../src/core/ocr/pipeline';
import { DEFAULT_PREPROCESS, type PreprocessOptions } from '../../src/core/ocr/preprocess';
import { createNodeRecognizer } from '../../src/engines/ocr/node';
import {
  byKind,
  evaluate,
  half,
  hasSet,
  KINDS,
  loadSet,
  type SketchMode,
  TUNING_DIR,
} from './evaluate';

interface Variant {
  options?: Partial<PipelineOptions>;
  sketch?: SketchMode;
}

/** Only the changed preprocessing options: preprocess() fills in the defaults. */
const pre = (p: Partial<PreprocessOptions>): Partial<PipelineOptions> => ({ preprocess: p });
const clean = (lineHeight: number, pen: number): SketchMode => ({
  kind: 'clean',
  options: { lineHeight, pen },
});

export const VARIANTS: Record<string, Variant> = {
  default: {},
  'no-sheet': { options: pre({ sheet: false }) },
  'sheet-c16': { options: pre({ sheet: { contrast: 16 } }) },
  'sheet-c32': { options: pre({ sheet: { contrast: 32 } }) },
  'sheet-m1': { options: pre({ sheet: { margin: 1 } }) },
  'sheet-m4': { options: pre({ sheet: { margin: 4 } }) },
  'sheet-s0.2': { options: pre({ sheet: { support: 0.2 } }) },
  'sheet-s0.45': { options: pre({ sheet: { support: 0.45 } }) },
  'sketch-canvas': { sketch: { kind: 'canvas' } },
  'sketch-32-0.09': { sketch: clean(32, 0.09) },
  'sketch-40-0.09': { sketch: clean(40, 0.09) },
  'sketch-48-0.06': { sketch: clean(48, 0.06) },
  'sketch-48-0.12': { sketch: clean(48, 0.12) },
  'sketch-64-0.09': { sketch: clean(64, 0.09) },
  'denoise-2-r1': { options: pre({ denoiseAbove: 2, denoiseRadius: 1 }) },
  'denoise-3-r1': { options: pre({ denoiseAbove: 3, denoiseRadius: 1 }) },
  'denoise-6-r1': { options: pre({ denoiseAbove: 6, denoiseRadius: 1 }) },
  'denoise-10-r1': { options: pre({ denoiseAbove: 10, denoiseRadius: 1 }) },
  'denoise-3-r2': { options: pre({ denoiseAbove: 3, denoiseRadius: 2 }) },
  'denoise-6-r2': { options: pre({ denoiseAbove: 6, denoiseRadius: 2 }) },
  'rules-6': { options: pre({ ruleLength: 6 }) },
  'rules-10': { options: pre({ ruleLength: 10 }) },
  'rules-16': { options: pre({ ruleLength: 16 }) },
  'sketch-40-0.12': { sketch: clean(40, 0.12) },
  'sketch-56-0.12': { sketch: clean(56, 0.12) },
  'sketch-48-0.15': { sketch: clean(48, 0.15) },
  'drop-20': { options: { dropBelow: 20 } },
  'drop-35': { options: { dropBelow: 35 } },
  'drop-50': { options: { dropBelow: 50 } },
  'drop-65': { options: { dropBelow: 65 } },
  'k-0.2': { options: pre({ sauvolaK: 0.2 }) },
  'k-0.4': { options: pre({ sauvolaK: 0.4 }) },
  'height-24': { options: pre({ targetHeight: 24 }) },
  'height-40': { options: pre({ targetHeight: 40 }) },
  'faint-0.3': { options: pre({ faintFraction: 0.3 }) },
  'faint-0.6': { options: pre({ faintFraction: 0.6 }) },
  'window-2': { options: pre({ windowChars: 2 }) },
  'window-5': { options: pre({ windowChars: 5 }) },
  'stroke-0': { options: pre({ minStroke: 0 }) },
  'stroke-0.18': { options: pre({ minStroke: 0.18 }) },
  'no-normalize': { options: pre({ normalize: false }) },
  'no-regions': { options: { mathRegions: false } },
  'no-layout': { options: { layout: false, mathRegions: false } },
  'no-cleanup': { options: { cleanup: false } },
  'psm-block': { options: { mode: 'block' } },
  'regions-erase': { options: { regionMode: 'erase' } },
  'regions-replace': { options: { regionMode: 'replace' } },
};

/** "a+b": the variants' preprocessing and options together (later ones win). */
function combine(name: string): Variant {
  const parts = name.split('+').map((part) => {
    const variant = VARIANTS[part];
    if (!variant) throw new Error(`Unknown variant ${part}: ${Object.keys(VARIANTS).join(', ')}`);
    return variant;
  });
  const options: Partial<PipelineOptions> = {};
  let preprocess: Partial<PreprocessOptions> = { ...DEFAULT_PREPROCESS };
  let sketch: SketchMode | undefined;
  for (const part of parts) {
    const { preprocess: p, ...rest } = part.options ?? {};
    if (p) preprocess = { ...preprocess, ...p };
    Object.assign(options, rest);
    sketch = part.sketch ?? sketch;
  }
  return { options: { ...options, preprocess }, ...(sketch ? { sketch } : {}) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      variants: { type: 'string', default: 'default' },
      kinds: { type: 'string' },
      dump: { type: 'string' },
      dir: { type: 'string', default: TUNING_DIR },
    },
  });
  if (!hasSet(values.dir))
    throw new Error(`No tuning set at ${values.dir}: run generate.ts first.`);
  if (/shared[/\\]data[/\\]ocr[/\\]dev/.test(values.dir))
    throw new Error('The dev set is the held-out test; tune on the tuning set only.');
  const kinds = values.kinds?.split(',');
  const items = loadSet(values.dir).filter((i) => !kinds || kinds.includes(i.kind));
  const recognizer = await createNodeRecognizer('eng');
  try {
    for (const [n, name] of values.variants.split(',').entries()) {
      const variant = combine(name);
      const started = performance.now();
      const outcomes = await evaluate(
        values.dir,
        items,
        recognizer,
        { ...DEFAULT_PIPELINE, ...variant.options },
        variant.sketch ?? { kind: 'clean', options: SKETCH_RENDER },
      );
      const table = byKind(outcomes);
      const edits = (h: 'odd' | 'even') =>
        outcomes.filter((o) => half(o.item) === h).reduce((s, o) => s + o.edits, 0);
      const cells = [
        `overall ${table.overall.cer.toFixed(4)}`,
        ...KINDS.filter((k) => table[k].n > 0).map((k) => `${k} ${table[k].cer.toFixed(4)}`),
        `edits odd ${edits('odd')} even ${edits('even')}`,
        `${Math.round((performance.now() - started) / 1000)} s`,
      ];
      console.log(`${name.padEnd(16)} ${cells.join(' | ')}`);
      if (n === 0 && values.dump) {
        writeFileSync(
          values.dump,
          outcomes
            .map((o) =>
              JSON.stringify({
                file: o.item.file,
                kind: o.item.kind,
                cer: o.length ? o.edits / o.length : 0,
                text: o.text,
                gt: o.item.gt_plain,
                words: o.result?.words.map((w) => ({
                  text: o.result?.text.slice(w.start, w.end),
                  confidence: w.confidence,
                  formula: w.formula,
                })),
              }),
            )
            .join('\n'),
        );
      }
    }
  } finally {
    await recognizer.terminate();
  }
}

main().catch((error: unknown) => {
  console.error(`tune: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
