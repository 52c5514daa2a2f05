/**
 * Runs an exported decoder in onnxruntime-node the way transformers.js does
 * (same feeds, present → past between steps). Used by the parity tests and
 * by the big-export smoke check.
 */
import * as ort from 'onnxruntime-node';
import { f16BitsToF32 } from './float';

export interface DecoderShape {
  numLayers: number;
  numKvHeads: number;
  headDim: number;
  vocabSize: number;
}

export type Past = Record<string, ort.Tensor>;

export async function openSession(file: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(file, { graphOptimizationLevel: 'all', intraOpNumThreads: 1 });
}

export function emptyPast(shape: DecoderShape, batch: number, half: boolean): Past {
  const past: Past = {};
  for (let i = 0; i < shape.numLayers; i++) {
    for (const kind of ['key', 'value']) {
      const dims = [batch, shape.numKvHeads, 0, shape.headDim];
      past[`past_key_values.${i}.${kind}`] = half
        ? new ort.Tensor('float16', new Uint16Array(0), dims)
        : new ort.Tensor('float32', new Float32Array(0), dims);
    }
  }
  return past;
}

const i64 = (rows: number[][]) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(rows.flat(), (v) => BigInt(v)),
    [rows.length, (rows[0] as number[]).length],
  );

export interface StepResult {
  /** [batch][position][vocab] as float64 */
  logits: Float64Array[][];
  past: Past;
}

export async function step(
  session: ort.InferenceSession,
  shape: DecoderShape,
  input: { ids: number[][]; mask: number[][]; positions: number[][]; past: Past; keep?: number },
): Promise<StepResult> {
  const feeds: Record<string, ort.Tensor> = {
    input_ids: i64(input.ids),
    attention_mask: i64(input.mask),
    position_ids: i64(input.positions),
    num_logits_to_keep: new ort.Tensor('int64', BigInt64Array.from([BigInt(input.keep ?? 0)]), []),
    ...input.past,
  };
  const out = await session.run(feeds);
  const logits = out.logits as ort.Tensor;
  const [batch, positions, vocab] = logits.dims as [number, number, number];
  if (vocab !== shape.vocabSize)
    throw new Error(`logits vocab ${vocab}, expected ${shape.vocabSize}`);
  const data = toF64(logits);
  const rows: Float64Array[][] = [];
  for (let b = 0; b < batch; b++) {
    rows.push(
      Array.from({ length: positions }, (_, p) =>
        data.subarray((b * positions + p) * vocab, (b * positions + p + 1) * vocab),
      ),
    );
  }
  const past: Past = {};
  for (const name of Object.keys(out)) {
    if (name.startsWith('present.'))
      past[name.replace('present.', 'past_key_values.')] = out[name] as ort.Tensor;
  }
  return { logits: rows, past };
}

export function toF64(t: ort.Tensor): Float64Array {
  if (t.type === 'float16') return Float64Array.from(t.data as Uint16Array, f16BitsToF32);
  return Float64Array.from(t.data as Float32Array);
}

export function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if ((x[i] as number) > (x[best] as number)) best = i;
  return best;
}
