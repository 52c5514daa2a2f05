/**
 * `npx tsx scripts/make-random-checkpoint.ts --out DIR [--shape qwen2-math-1.5b|qwen2-math-7b|tiny]`
 *   [--seed N] [--dtype bf16|f32] [--shard-gb N] [--layers N]
 *
 * Writes a Hugging Face Qwen2 checkpoint with seeded random weights and real
 * shapes (bf16, like Qwen's uploads), to check that a full-size export runs on
 * a given machine without downloading the real model. Never commit its output.
 */

import { numberOption, oneOf, runCli, UsageError, wholeNumber } from './cli';
import { randomValues, writeCheckpoint } from './export/checkpoint-writer';
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

const str = { type: 'string' } as const;
const CLI = {
  name: 'make-random-checkpoint',
  usage:
    'npx tsx scripts/make-random-checkpoint.ts --out DIR [--shape qwen2-math-1.5b|qwen2-math-7b|tiny] ' +
    '[--seed N] [--dtype bf16|f32] [--shard-gb N] [--layers N]',
  options: {
    out: str,
    shape: { type: 'string', default: 'qwen2-math-1.5b' },
    seed: { type: 'string', default: '1' },
    dtype: { type: 'string', default: 'bf16' },
    'shard-gb': { type: 'string', default: '0' },
    layers: str,
  },
} as const;

runCli(CLI, ({ values }) => {
  const { out } = values;
  if (!out) throw new UsageError('--out is required');
  const shapeName = oneOf(values.shape, 'shape', Object.keys(SHAPES));
  const shape = SHAPES[shapeName] as Qwen2Config;
  const layers =
    values.layers === undefined ? shape.numLayers : wholeNumber(values.layers, 'layers', 1);
  const dtype = oneOf(values.dtype.toUpperCase(), 'dtype', ['BF16', 'F32'] as const);
  const shardGb = numberOption(
    values['shard-gb'],
    'shard-gb',
    (gb) => gb >= 0,
    'a number of gigabytes (0: one file)',
  );

  const started = performance.now();
  const config = { ...shape, numLayers: layers };
  writeCheckpoint(
    out,
    config,
    // HF initializes Linear weights with std 0.02; 1/sqrt(fan_in) is that at 1.5B's width.
    randomValues({ seed: wholeNumber(values.seed, 'seed', 1), embedStd: 0.02, biasStd: 0.02 }),
    { dtype, ...(shardGb > 0 ? { shardBytes: shardGb * 1e9 } : {}) },
  );
  console.log(
    `Wrote a random ${shapeName} checkpoint to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
});
