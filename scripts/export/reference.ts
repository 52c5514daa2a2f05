/**
 * A plain float64 Qwen2 forward pass, written from Hugging Face's
 * modeling_qwen2 (eager attention), for parity tests on tiny configs. It runs
 * on the weights a graph effectively multiplies by (fp16-rounded or
 * dequantized q4), so the tests measure the graph, not the quantizer.
 * Activations stay float64 even for the fp16 graphs: onnxruntime's CPU provider
 * removes most fp16 round trips anyway, and the tests' tolerances cover the rest.
 */
import { names, type Qwen2Config } from './config';
import { roundToF16 } from './float';
import { type Plan, quantizedLmHead } from './plan';
import { dequantizeQ4, quantizeQ4 } from './quantize';
import type { TensorSource } from './weights';

export type Weights = Map<string, Float32Array>;

/** The checkpoint as each dtype's graph sees it. */
export function effectiveWeights(c: Qwen2Config, plan: Plan, read: TensorSource): Weights {
  const half = plan.act !== 1;
  const store = (w: Float32Array) => (half ? roundToF16(w) : w);
  const q4 = (w: Float32Array, n: number, k: number, fp16Scales: boolean) =>
    dequantizeQ4(quantizeQ4(w, n, k, { zeroPoints: plan.zeroPoints, fp16Scales }));
  const out: Weights = new Map();
  out.set(names.embed, store(read(names.embed)));
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const h = c.hiddenSize;
  const f = c.intermediateSize;
  for (let i = 0; i < c.numLayers; i++) {
    const l = names.layer(i);
    const linears: [string, number, number, boolean][] = [
      [l.q, qDim, h, half],
      [l.k, kvDim, h, half],
      [l.v, kvDim, h, half],
      [l.o, h, qDim, half],
      [l.gate, f, h, half],
      [l.up, f, h, half],
      // q4f16 runs down_proj with fp32 activations and scales (see Plan).
      [l.down, h, f, half && !plan.q4],
    ];
    for (const [prefix, n, k, fp16] of linears) {
      const w = read(`${prefix}.weight`);
      out.set(`${prefix}.weight`, plan.q4 ? q4(w, n, k, fp16) : fp16 ? roundToF16(w) : w);
    }
    for (const bias of [l.q, l.k, l.v]) out.set(`${bias}.bias`, read(`${bias}.bias`));
    out.set(l.inputNorm, read(l.inputNorm));
    out.set(l.postNorm, read(l.postNorm));
  }
  out.set(names.finalNorm, read(names.finalNorm));
  if (!c.tieWordEmbeddings) {
    const w = read(names.lmHead);
    out.set(names.lmHead, quantizedLmHead(plan, false) ? q4(w, c.vocabSize, h, half) : store(w));
  }
  return out;
}

export interface ForwardInput {
  /** [batch][seq] */
  ids: number[][];
  /** [batch][seq], 1 = real token; defaults to all ones. */
  mask?: number[][];
  /** [batch][seq]; defaults to transformers.js's cumsum(mask) - 1 (1 where masked). */
  positions?: number[][];
  /** Only the last position's logits (the lm_head dominates at a 151,936 vocabulary). */
  lastOnly?: boolean;
}

/** Logits [batch][seq][vocab] in float64. */
export function forward(c: Qwen2Config, w: Weights, input: ForwardInput): Float64Array[][] {
  const batch = input.ids.length;
  const seq = (input.ids[0] as number[]).length;
  const mask = input.mask ?? input.ids.map((row) => row.map(() => 1));
  const positions = input.positions ?? mask.map(defaultPositions);
  const get = (name: string) => {
    const t = w.get(name);
    if (!t) throw new Error(`reference: missing ${name}`);
    return t;
  };
  const linear = (x: Float64Array, name: string, n: number, k: number) =>
    matVec(x, get(name), n, k);

  const out: Float64Array[][] = [];
  for (let bi = 0; bi < batch; bi++) {
    const ids = input.ids[bi] as number[];
    const m = mask[bi] as number[];
    const pos = positions[bi] as number[];
    let xs: Float64Array[] = ids.map((id) =>
      Float64Array.from(get(names.embed).subarray(id * c.hiddenSize, (id + 1) * c.hiddenSize)),
    );
    for (let li = 0; li < c.numLayers; li++) {
      const l = names.layer(li);
      const keys: Float64Array[] = [];
      const values: Float64Array[] = [];
      const queries: Float64Array[] = [];
      for (let t = 0; t < seq; t++) {
        const h = rmsNorm(xs[t] as Float64Array, get(l.inputNorm), c.rmsNormEps);
        const qd = c.numHeads * c.headDim;
        const kd = c.numKvHeads * c.headDim;
        const q = addBias(linear(h, `${l.q}.weight`, qd, c.hiddenSize), get(`${l.q}.bias`));
        const k = addBias(linear(h, `${l.k}.weight`, kd, c.hiddenSize), get(`${l.k}.bias`));
        const v = addBias(linear(h, `${l.v}.weight`, kd, c.hiddenSize), get(`${l.v}.bias`));
        rope(q, c.numHeads, c.headDim, pos[t] as number, c.ropeTheta);
        rope(k, c.numKvHeads, c.headDim, pos[t] as number, c.ropeTheta);
        queries.push(q);
        keys.push(k);
        values.push(v);
      }
      const next: Float64Array[] = [];
      for (let t = 0; t < seq; t++) {
        const ctx = attend(
          c,
          queries[t] as Float64Array,
          keys,
          values,
          (j) => j <= t && m[j] === 1,
        );
        const o = linear(ctx, `${l.o}.weight`, c.hiddenSize, c.numHeads * c.headDim);
        const x1 = add(xs[t] as Float64Array, o);
        const h2 = rmsNorm(x1, get(l.postNorm), c.rmsNormEps);
        const gate = linear(h2, `${l.gate}.weight`, c.intermediateSize, c.hiddenSize);
        const up = linear(h2, `${l.up}.weight`, c.intermediateSize, c.hiddenSize);
        const act = gate.map((g, i) => (g / (1 + Math.exp(-g))) * (up[i] as number));
        next.push(add(x1, linear(act, `${l.down}.weight`, c.hiddenSize, c.intermediateSize)));
      }
      xs = next;
    }
    const head = c.tieWordEmbeddings ? names.embed : names.lmHead;
    const finals = input.lastOnly ? xs.slice(-1) : xs;
    out.push(
      finals.map((x) =>
        linear(rmsNorm(x, get(names.finalNorm), c.rmsNormEps), head, c.vocabSize, c.hiddenSize),
      ),
    );
  }
  return out;
}

/** transformers.js's create_position_ids: cumsum(mask) - 1, and 1 where masked. */
export function defaultPositions(mask: number[]): number[] {
  let count = 0;
  return mask.map((m) => {
    count += m;
    return m ? count - 1 : 1;
  });
}

function attend(
  c: Qwen2Config,
  q: Float64Array,
  keys: Float64Array[],
  values: Float64Array[],
  allowed: (j: number) => boolean,
): Float64Array {
  const d = c.headDim;
  const groups = c.numHeads / c.numKvHeads;
  const out = new Float64Array(c.numHeads * d);
  const scale = 1 / Math.sqrt(d);
  for (let head = 0; head < c.numHeads; head++) {
    const kv = Math.floor(head / groups);
    const scores = keys.map((k, j) => {
      if (!allowed(j)) return Number.NEGATIVE_INFINITY;
      let s = 0;
      for (let i = 0; i < d; i++) s += (q[head * d + i] as number) * (k[kv * d + i] as number);
      return s * scale;
    });
    const max = Math.max(...scores);
    // A row with nothing allowed averages all keys, as the graph's finite mask does.
    const weights =
      max === Number.NEGATIVE_INFINITY ? scores.map(() => 1) : scores.map((s) => Math.exp(s - max));
    const total = weights.reduce((a, b) => a + b, 0);
    weights.forEach((wt, j) => {
      const v = values[j] as Float64Array;
      for (let i = 0; i < d; i++)
        out[head * d + i] =
          (out[head * d + i] as number) + (wt / total) * (v[kv * d + i] as number);
    });
  }
  return out;
}

function rope(x: Float64Array, heads: number, d: number, position: number, theta: number): void {
  const half = d / 2;
  for (let i = 0; i < half; i++) {
    // The graph multiplies fp32 positions by an fp32 inv_freq, as HF does.
    const angle = Math.fround(position * Math.fround(1 / theta ** ((2 * i) / d)));
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    for (let h = 0; h < heads; h++) {
      const a = x[h * d + i] as number;
      const b = x[h * d + i + half] as number;
      x[h * d + i] = a * cos - b * sin;
      x[h * d + i + half] = b * cos + a * sin;
    }
  }
}

function rmsNorm(x: Float64Array, w: Float32Array, eps: number): Float64Array {
  let sum = 0;
  for (const v of x) sum += v * v;
  const inv = 1 / Math.sqrt(sum / x.length + eps);
  return x.map((v, i) => v * inv * (w[i] as number));
}

/** y = W x for a Linear weight W [n, k]. */
function matVec(x: Float64Array, w: Float32Array, n: number, k: number): Float64Array {
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    const base = r * k;
    for (let i = 0; i < k; i++) s += (w[base + i] as number) * (x[i] as number);
    y[r] = s;
  }
  return y;
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v + (b[i] as number));
}

function addBias(a: Float64Array, b: Float32Array): Float64Array {
  return a.map((v, i) => v + (b[i] as number));
}
