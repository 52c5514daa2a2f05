/**
 * Exported graphs against the float64 reference, on random tiny checkpoints
 * with Qwen2's structure, for every dtype. Tolerances are on
 * max |Δlogit| / max |logit| over all real (unpadded) positions, against the
 * reference run on the weights each graph stores (fp16-rounded, dequantized
 * q4). Measured: 1–3e-6 for fp32/q4, 1.4–3e-3 for fp16/q4f16.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onnxFileName } from '../../src/core/model-files';
import { randomValues, writeCheckpoint } from './checkpoint-writer';
import type { Qwen2Config } from './config';
import { exportModel } from './export';
import { argmax, emptyPast, openSession, step } from './ort-run';
import { type ExportDtype, planFor } from './plan';
import { defaultPositions, effectiveWeights, forward } from './reference';
import { SafetensorsReader } from './safetensors';
import { CONFIG_A, CONFIG_B, tempDir } from './test-configs';

const TOLERANCE: Record<ExportDtype, number> = { fp32: 2e-5, q4: 2e-5, fp16: 1e-2, q4f16: 1e-2 };
interface Variant {
  dtype: ExportDtype;
  zeroPoints: boolean;
  floatLmHead?: boolean;
}

const VARIANTS: Variant[] = [
  { dtype: 'fp32', zeroPoints: false },
  { dtype: 'fp16', zeroPoints: false },
  { dtype: 'q4', zeroPoints: false },
  { dtype: 'q4f16', zeroPoints: false },
  { dtype: 'q4', zeroPoints: true },
  { dtype: 'q4f16', zeroPoints: true },
  { dtype: 'q4', zeroPoints: false, floatLmHead: true },
];

// Row 2 is left-padded, as transformers.js pads batches.
const IDS = [
  [5, 17, 42, 7, 99, 3, 250],
  [0, 0, 11, 12, 13, 14, 15],
];
const MASK = [
  [1, 1, 1, 1, 1, 1, 1],
  [0, 0, 1, 1, 1, 1, 1],
];

function relativeError(ref: Float64Array[][], got: Float64Array[][], mask: number[][]): number {
  let diff = 0;
  let scale = 0;
  ref.forEach((rows, b) => {
    rows.forEach((r, t) => {
      if (!mask[b]?.[t]) return;
      const g = got[b]?.[t] as Float64Array;
      for (let v = 0; v < r.length; v++) {
        scale = Math.max(scale, Math.abs(r[v] as number));
        diff = Math.max(diff, Math.abs((r[v] as number) - (g[v] as number)));
      }
    });
  });
  return diff / scale;
}

describe.each([
  ['A: 12:2 heads, tied, theta 1e4', CONFIG_A],
  ['B: 14:2 heads, untied, theta 1e6, padded q4 blocks', CONFIG_B],
] as [string, Qwen2Config][])('config %s', (_label, c) => {
  let dir = '';
  let reader: SafetensorsReader;
  const file = (v: Variant) =>
    path.join(
      dir,
      v.floatLmHead ? 'float-head' : v.zeroPoints ? 'zp' : 'sym',
      'onnx',
      onnxFileName(v.dtype),
    );
  const read = (name: string) => reader.readF32(name);

  beforeAll(() => {
    dir = tempDir('parity');
    writeCheckpoint(path.join(dir, 'ckpt'), c, randomValues({ seed: 7, linearGain: 3 }), {
      dtype: 'BF16',
    });
    const from = path.join(dir, 'ckpt');
    exportModel({ from, out: path.join(dir, 'sym'), dtypes: ['fp32', 'fp16', 'q4', 'q4f16'] });
    exportModel({ from, out: path.join(dir, 'zp'), dtypes: ['q4', 'q4f16'], zeroPoints: true });
    exportModel({ from, out: path.join(dir, 'float-head'), dtypes: ['q4'], floatLmHead: true });
    reader = new SafetensorsReader(from);
  });
  afterAll(() => {
    reader?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.each(VARIANTS)(
    '$dtype (zero points: $zeroPoints, float head: $floatLmHead)',
    (variant) => {
      const plan = planFor(variant.dtype, variant);
      const half = plan.kv === 10;

      it('prefill logits match the float64 reference', async () => {
        const session = await openSession(file(variant));
        const positions = MASK.map(defaultPositions);
        const out = await step(session, c, {
          ids: IDS,
          mask: MASK,
          positions,
          past: emptyPast(c, 2, half),
        });
        const ref = forward(c, effectiveWeights(c, plan, read), {
          ids: IDS,
          mask: MASK,
          positions,
        });
        expect(relativeError(ref, out.logits, MASK)).toBeLessThan(TOLERANCE[variant.dtype]);
      });

      it('num_logits_to_keep = 1 returns exactly the last position', async () => {
        const session = await openSession(file(variant));
        const positions = MASK.map(defaultPositions);
        const feed = { ids: IDS, mask: MASK, positions, past: emptyPast(c, 2, half) };
        const all = await step(session, c, feed);
        const last = await step(session, c, { ...feed, keep: 1 });
        expect(last.logits[0]?.length).toBe(1);
        expect(last.logits[1]?.[0]).toEqual(all.logits[1]?.[6]);
      });

      it('KV-cache decoding equals full recomputation, token for token', async () => {
        const session = await openSession(file(variant));
        const ids = IDS.map((row) => row.slice(0, 4));
        const mask = MASK.map((row) => row.slice(0, 4));
        let cached = await step(session, c, {
          ids,
          mask,
          positions: mask.map(defaultPositions),
          past: emptyPast(c, 2, half),
          keep: 1,
        });
        for (let s = 0; s < 5; s++) {
          // Recompute the whole sequence without a cache and compare the last position.
          const full = await step(session, c, {
            ids,
            mask,
            positions: mask.map(defaultPositions),
            past: emptyPast(c, 2, half),
            keep: 1,
          });
          const next = cached.logits.map((rows) => argmax(rows[0] as Float64Array));
          expect(full.logits.map((rows) => argmax(rows[0] as Float64Array))).toEqual(next);
          expect(relativeError(full.logits, cached.logits, [[1], [1]])).toBeLessThan(
            TOLERANCE[variant.dtype],
          );
          ids.forEach((row, b) => {
            row.push(next[b] as number);
          });
          for (const row of mask) row.push(1);
          const positions = mask.map((row) => [defaultPositions(row).at(-1) as number]);
          cached = await step(session, c, {
            ids: next.map((id) => [id]),
            mask,
            positions,
            past: cached.past,
            keep: 1,
          });
        }
      });
    },
  );

  it.each(['fp32', 'q4'] as ExportDtype[])(
    'greedy tokens of %s equal the reference greedy tokens',
    async (dtype) => {
      const plan = planFor(dtype);
      const session = await openSession(file({ dtype, zeroPoints: false }));
      const weights = effectiveWeights(c, plan, read);
      const prompt = [3, 1, 4, 1, 5, 9, 2, 6];
      const onnx: number[] = [];
      let out = await step(session, c, {
        ids: [prompt],
        mask: [prompt.map(() => 1)],
        positions: [prompt.map((_, i) => i)],
        past: emptyPast(c, 1, false),
        keep: 1,
      });
      for (let i = 0; i < 8; i++) {
        const next = argmax(out.logits[0]?.[0] as Float64Array);
        onnx.push(next);
        const length = prompt.length + onnx.length;
        out = await step(session, c, {
          ids: [[next]],
          mask: [Array.from({ length }, () => 1)],
          positions: [[length - 1]],
          past: out.past,
          keep: 1,
        });
      }
      const ref: number[] = [];
      for (let i = 0; i < 8; i++) {
        const seq = [...prompt, ...ref];
        const logits = forward(c, weights, { ids: [seq] })[0]?.at(-1) as Float64Array;
        ref.push(argmax(logits));
      }
      expect(onnx).toEqual(ref);
      // A degenerate model that repeats one token would make this test vacuous.
      expect(new Set(ref).size).toBeGreaterThan(1);
    },
  );
});
