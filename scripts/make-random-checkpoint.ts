/**
 * `npx tsx scripts/make-random-checkpoint.ts --out DIR [--shape qwen2-math-1.5b|qwen2-math-7b|tiny]`
 *   [--seed N] [--dtype bf16|f32] [--shard-gb N] [--layers N]
 *
 * Writes a Hugging Face Qwen2 checkpoint with seeded random weights and real
 * shapes (bf16, like Qwen's uploads), to check that a full-size export runs on
 * a given machine without downloading the real model. Never commit its output.
 */

import { randomValues, writeCheckpoint } from './export/checkpoint-writer';
import { checkFlags, runCli, stringFlag } from './export/cli';
import type { Qwen2Config } from './export/config';
import { SCRIPTED_DEFAULTS } from './export/scripted';

const SHAPES: Record<string, Qwen2Config> = {
  // Qwen2-Math-1.5B(-Instruct) config.json.
  'qwen2-math-1.5b': {
    hiddenSize: 1536,
    intermediateSize: 8960,
    numLayers: 28,
    numHeads: 12,
    numKvHeads: 2,
    headDim: 128,
    vocabSize: 151936,
    ropeTheta: 10000,
    rmsNormEps: 1e-6,
    tieWordEmbeddings: true,
    maxPositionEmbeddings: 4096,
  },
  // Qwen2-Math-7B(-Instruct): untied head, 28:4 heads.
  'qwen2-math-7b': {
    hiddenSize: 3584,
    intermediateSize: 18944,
    numLayers: 28,
    numHeads: 28,
    numKvHeads: 4,
    headDim: 128,
    vocabSize: 152064,
    ropeTheta: 10000,
    rmsNormEps: 1e-6,
    tieWordEmbeddings: false,
    maxPositionEmbeddings: 4096,
  },
  tiny: { ...SCRIPTED_DEFAULTS, tieWordEmbeddings: true },
};

const USAGE =
  'npx tsx scripts/make-random-checkpoint.ts --out DIR [--shape qwen2-math-1.5b|qwen2-math-7b|tiny]';

runCli('make-random-checkpoint', USAGE, (args) => {
  checkFlags(args, ['out', 'shape', 'seed', 'dtype', 'shard-gb', 'layers']);
  const out = stringFlag(args, 'out');
  if (!out || args.positional.length > 0) return 'usage';
  const shapeName = stringFlag(args, 'shape') ?? 'qwen2-math-1.5b';
  const shape = SHAPES[shapeName];
  if (!shape)
    throw new Error(`Unknown --shape ${shapeName}: use ${Object.keys(SHAPES).join(', ')}.`);
  const layers = number(stringFlag(args, 'layers') ?? String(shape.numLayers), 'layers');
  const dtype = (stringFlag(args, 'dtype') ?? 'bf16').toUpperCase();
  if (dtype !== 'BF16' && dtype !== 'F32') throw new Error('--dtype must be bf16 or f32.');
  const shardGb = Number(stringFlag(args, 'shard-gb') ?? '0');
  if (!(shardGb >= 0)) throw new Error('--shard-gb must be a number of gigabytes (0: one file).');

  const started = performance.now();
  const config = { ...shape, numLayers: layers };
  writeCheckpoint(
    out,
    config,
    // HF initializes Linear weights with std 0.02; 1/sqrt(fan_in) is that at 1.5B's width.
    randomValues({
      seed: number(stringFlag(args, 'seed') ?? '1', 'seed'),
      embedStd: 0.02,
      biasStd: 0.02,
    }),
    { dtype, ...(shardGb > 0 ? { shardBytes: shardGb * 1e9 } : {}) },
  );
  console.log(
    `Wrote a random ${shapeName} checkpoint to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
});

function number(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer.`);
  return n;
}
