/**
 * Weights past 2 GB go to external data chunks. A tiny model with a tiny chunk
 * limit exercises the same path the 1.5B's fp16/fp32 files take.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { AutoModelForCausalLM, env, Tensor } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomValues, writeCheckpoint } from './checkpoint-writer';
import { exportModel } from './export';
import { emptyPast, openSession, step } from './ort-run';
import { CONFIG_A, tempDir } from './test-configs';

let dir = '';
const ckpt = () => path.join(dir, 'ckpt');
const chunked = { external: 'always', chunkBytes: 150_000 } as const;

beforeAll(() => {
  dir = tempDir('external');
  writeCheckpoint(ckpt(), CONFIG_A, randomValues({ seed: 9, linearGain: 3 }));
  exportModel({ from: ckpt(), out: path.join(dir, 'inline'), dtypes: ['fp32', 'fp16'] });
  exportModel({
    from: ckpt(),
    out: path.join(dir, 'external'),
    dtypes: ['fp32', 'fp16'],
    ...chunked,
  });
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const config = (name: string) =>
  JSON.parse(readFileSync(path.join(dir, name, 'config.json'), 'utf8'));

describe('external data', () => {
  it('splits weights into chunks named as transformers.js fetches them, and says how many in config.json', () => {
    const files = readdirSync(path.join(dir, 'external', 'onnx'));
    const counts = config('external')['transformers.js_config'].use_external_data_format;
    expect(counts['model.onnx']).toBeGreaterThan(1);
    for (const [file, count] of Object.entries(counts) as [string, number][]) {
      const chunks = files.filter((f) => f.startsWith(`${file}_data`)).sort();
      expect(chunks.length).toBe(count);
      expect(chunks).toContain(`${file}_data`);
      expect(chunks).toContain(`${file}_data_${count - 1}`);
    }
    expect(config('inline')['transformers.js_config']).toBeUndefined();
  });

  it('gives bit-identical logits to the inline file', async () => {
    const ids = [[1, 2, 3, 4]];
    const feed = {
      ids,
      mask: [[1, 1, 1, 1]],
      positions: [[0, 1, 2, 3]],
      past: emptyPast(CONFIG_A, 1, false),
    };
    const inline = await step(
      await openSession(path.join(dir, 'inline', 'onnx', 'model.onnx')),
      CONFIG_A,
      feed,
    );
    const external = await step(
      await openSession(path.join(dir, 'external', 'onnx', 'model.onnx')),
      CONFIG_A,
      feed,
    );
    expect(external.logits).toEqual(inline.logits);
  });

  it('loads and generates through transformers.js', async () => {
    env.allowRemoteModels = false;
    env.localModelPath = `${dir}/`;
    const tokens: Record<string, number[]> = {};
    for (const name of ['inline', 'external']) {
      const model = await AutoModelForCausalLM.from_pretrained(name, {
        dtype: 'fp16',
        device: 'cpu',
      });
      const input_ids = new Tensor('int64', BigInt64Array.from([5n, 6n, 7n]), [1, 3]);
      const out = (await model.generate({
        input_ids,
        max_new_tokens: 5,
        do_sample: false,
      })) as Tensor;
      tokens[name] = (out.tolist() as bigint[][])[0]?.map(Number) ?? [];
      await model.dispose();
    }
    expect(tokens.external).toEqual(tokens.inline);
  });

  it('drops stale chunks on re-export and keeps the other dtypes’ counts', () => {
    const out = path.join(dir, 'external');
    const before = config('external')['transformers.js_config'].use_external_data_format;
    exportModel({
      from: ckpt(),
      out,
      dtypes: ['fp32'],
      external: 'always',
      chunkBytes: 10_000_000,
    });
    const after = config('external')['transformers.js_config'].use_external_data_format;
    expect(after).toEqual({ ...before, 'model.onnx': 1 });
    expect(existsSync(path.join(out, 'onnx', 'model.onnx_data_1'))).toBe(false);
    exportModel({ from: ckpt(), out, dtypes: ['fp32'] });
    expect(config('external')['transformers.js_config'].use_external_data_format).toEqual({
      'model_fp16.onnx': before['model_fp16.onnx'],
    });
    expect(existsSync(path.join(out, 'onnx', 'model.onnx_data'))).toBe(false);
  });
});
