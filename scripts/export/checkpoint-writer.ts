/**
 * Writes Hugging Face checkpoints of our own making (Qwen2 layout:
 * config.json, generation_config.json, safetensors, tokenizer files): seeded
 * random ones for tests and the 1.5B-shaped export check, and engineered ones
 * for the scripted test model. Tensors are generated one at a time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../src/core/random';
import { checkpointTensors, type Qwen2Config, qwen2ConfigJson } from './config';
import { f32ToBf16Bits } from './float';
import {
  INDEX_FILE,
  SINGLE_FILE,
  type StDtype,
  type StWriteTensor,
  tensorBytes,
  writeSafetensors,
} from './safetensors';
import { ENDOFTEXT, IM_END, writeTestTokenizer } from './tokenizer';
import { bytesOf } from './weights';

export interface CheckpointOptions {
  dtype?: StDtype;
  /** Split into shards of about this many bytes, with an index, as large HF checkpoints are. */
  shardBytes?: number;
  extraConfig?: Record<string, unknown>;
}

/** `values(name, shape)` supplies each tensor in fp32, when it is written. */
export function writeCheckpoint(
  dir: string,
  c: Qwen2Config,
  values: (name: string, shape: number[]) => Float32Array,
  options: CheckpointOptions = {},
): void {
  mkdirSync(dir, { recursive: true });
  const dtype = options.dtype ?? 'F32';
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify(qwen2ConfigJson(c, options.extraConfig), null, 2),
  );
  writeFileSync(
    path.join(dir, 'generation_config.json'),
    JSON.stringify(
      {
        bos_token_id: ENDOFTEXT,
        pad_token_id: ENDOFTEXT,
        eos_token_id: [IM_END, ENDOFTEXT],
        do_sample: false,
        // Qwen2.5-Math's own sampling settings: the app samples with them to vote.
        temperature: 0.7,
        top_p: 0.8,
      },
      null,
      2,
    ),
  );
  writeTestTokenizer(dir, c.maxPositionEmbeddings);

  const tensors: StWriteTensor[] = checkpointTensors(c).map(({ name, shape }) => ({
    name,
    dtype,
    shape,
    data: () => encode(values(name, shape), dtype),
  }));
  const shards: StWriteTensor[][] = [[]];
  let size = 0;
  for (const t of tensors) {
    const bytes = tensorBytes(t.shape, t.dtype);
    if (options.shardBytes && size > 0 && size + bytes > options.shardBytes) {
      shards.push([]);
      size = 0;
    }
    (shards.at(-1) as StWriteTensor[]).push(t);
    size += bytes;
  }
  if (shards.length === 1) {
    writeSafetensors(path.join(dir, SINGLE_FILE), tensors);
    return;
  }
  const weightMap: Record<string, string> = {};
  let total = 0;
  shards.forEach((shard, i) => {
    const file = `model-${pad(i + 1)}-of-${pad(shards.length)}.safetensors`;
    writeSafetensors(path.join(dir, file), shard);
    for (const t of shard) {
      weightMap[t.name] = file;
      total += tensorBytes(t.shape, t.dtype);
    }
  });
  writeFileSync(
    path.join(dir, INDEX_FILE),
    JSON.stringify({ metadata: { total_size: total }, weight_map: weightMap }, null, 2),
  );
}

export interface RandomInit {
  seed?: number;
  /** Linear weights are uniform with std `linearGain / sqrt(fan_in)` (0.02 · sqrt(fan_in) ≈ HF's init at 1.5B). */
  linearGain?: number;
  embedStd?: number;
  biasStd?: number;
}

/** Seeded random weights: uniform, scaled so that tiny models have logits of order one. */
export function randomValues(
  init: RandomInit = {},
): (name: string, shape: number[]) => Float32Array {
  const next = mulberry32(init.seed ?? 1);
  const uniform = (count: number, std: number, mean = 0) => {
    const out = new Float32Array(count);
    const a = std * Math.sqrt(3);
    for (let i = 0; i < count; i++) out[i] = mean + (next() * 2 - 1) * a;
    return out;
  };
  return (name, shape) => {
    const count = shape.reduce((x, y) => x * y, 1);
    if (name.endsWith('norm.weight')) return uniform(count, 0.1, 1);
    if (name.endsWith('.bias')) return uniform(count, init.biasStd ?? 0.5);
    if (name === 'model.embed_tokens.weight') return uniform(count, init.embedStd ?? 1);
    const fanIn = shape[1] as number;
    return uniform(count, (init.linearGain ?? 1) / Math.sqrt(fanIn));
  };
}

function encode(values: Float32Array, dtype: StDtype): Uint8Array {
  if (dtype === 'F32') return bytesOf(values);
  if (dtype === 'BF16') {
    const out = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = f32ToBf16Bits(values[i] as number);
    return bytesOf(out);
  }
  throw new Error(`writeCheckpoint: ${dtype} output is not implemented.`);
}

function pad(n: number): string {
  return String(n).padStart(5, '0');
}
