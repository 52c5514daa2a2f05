/**
 * The Qwen2 decoder as one ONNX graph with the interface transformers.js
 * expects of a `qwen2` text-generation model:
 *
 *   inputs   input_ids [batch_size, sequence_length] int64
 *            attention_mask [batch_size, total_sequence_length] int64
 *            position_ids [batch_size, sequence_length] int64
 *            past_key_values.{i}.key|value [batch_size, kv_heads, past_sequence_length, head_dim]
 *            num_logits_to_keep [] int64 (0 = all; transformers.js passes 1 while generating,
 *              which spares the prefill a [prompt, 151936] lm_head product)
 *   outputs  logits [batch_size, logits_length, vocab] float32
 *            present.{i}.key|value [batch_size, kv_heads, total_sequence_length, head_dim]
 *
 * Standard opset-17 ops plus com.microsoft MatMulNBits, which ONNX Runtime runs
 * on CPU, WASM and WebGPU. Attention is written out (no fused contrib op), so
 * the same graph runs everywhere and the float64 reference can mirror it.
 */
import { names, type Qwen2Config } from './config';
import { GraphBuilder } from './graph';
import { type ElemType, TensorType } from './onnx-proto';
import type { GraphSpec } from './onnx-writer';
import { type Plan, quantizedLmHead } from './plan';
import { floatInit, q4Inits, type TensorSource, transpose } from './weights';

const F32 = TensorType.FLOAT;
const I64 = TensorType.INT64;
/** Masked scores become fp32's lowest finite value, not -Inf: a fully masked row
 * (a left-padding position) then softmaxes to uniform instead of NaN, and no NaN
 * can leak through a 0 × NaN into the positions that do matter. */
const MASKED = -3.4028234663852886e38;

export function buildQwen2Graph(c: Qwen2Config, plan: Plan, read: TensorSource): GraphSpec {
  const b = new GraphBuilder();
  const g = new Qwen2GraphParts(b, c, plan, read);
  const inputIds = b.input('input_ids', I64, ['batch_size', 'sequence_length']);
  const attentionMask = b.input('attention_mask', I64, ['batch_size', 'total_sequence_length']);
  const positionIds = b.input('position_ids', I64, ['batch_size', 'sequence_length']);
  const past = Array.from({ length: c.numLayers }, (_, i) => ({
    key: b.input(`past_key_values.${i}.key`, plan.kv, [
      'batch_size',
      c.numKvHeads,
      'past_sequence_length',
      c.headDim,
    ]),
    value: b.input(`past_key_values.${i}.value`, plan.kv, [
      'batch_size',
      c.numKvHeads,
      'past_sequence_length',
      c.headDim,
    ]),
  }));
  const keep = b.input('num_logits_to_keep', I64, []);

  b.scope = '/model';
  const embedType = plan.act;
  const embed = b.weight(
    floatInit(names.embed, [c.vocabSize, c.hiddenSize], embedType, () => read(names.embed)),
  );
  let x = b.cast(b.node('Gather', [embed, inputIds], { axis: 0 }), F32);
  const rope = g.rotary(positionIds);
  const mask = g.attentionMask(inputIds, attentionMask);

  for (let i = 0; i < c.numLayers; i++) {
    b.scope = `/model/layers.${i}`;
    const l = names.layer(i);
    const p = past[i] as { key: string; value: string };
    const attn = g.attention(g.rmsNorm(x, l.inputNorm), i, p, rope, mask);
    x = b.node('Add', [x, attn]);
    const mlp = g.mlp(g.rmsNorm(x, l.postNorm), i);
    x = b.node('Add', [x, mlp]);
  }

  b.scope = '/model/head';
  const h = g.lastTokens(g.rmsNorm(x, names.finalNorm), keep);
  b.output(g.lmHead(h, embed), 'logits', ['batch_size', 'logits_length', c.vocabSize]);
  const spec = b.spec('qwen2');
  // Optimum's order, logits first; nothing depends on it but it reads better.
  spec.outputs.sort((x, y) => Number(y.name === 'logits') - Number(x.name === 'logits'));
  return spec;
}

class Qwen2GraphParts {
  constructor(
    private readonly b: GraphBuilder,
    private readonly c: Qwen2Config,
    private readonly plan: Plan,
    private readonly read: TensorSource,
  ) {}

  /** HF Qwen2RMSNorm in fp32, as Pow → ReduceMean → Add → Sqrt → Div → Mul, the
   * pattern ONNX Runtime fuses into SimplifiedLayerNormalization. */
  rmsNorm(x: string, weightName: string): string {
    const { b, c } = this;
    const w = b.weight(floatInit(weightName, [c.hiddenSize], F32, () => this.read(weightName)));
    const variance = b.node('ReduceMean', [b.node('Pow', [x, b.f32(2)])], {
      axes: [-1],
      keepdims: 1,
    });
    const std = b.node('Sqrt', [b.node('Add', [variance, b.f32(c.rmsNormEps)])]);
    return b.node('Mul', [b.node('Div', [x, std]), w]);
  }

  /** A Linear in the plan's matmul type; returns that type (callers cast). */
  linear(x: string, prefix: string, n: number, k: number, act: ElemType = this.plan.act): string {
    const { b, plan } = this;
    const input = b.cast(x, act);
    const read = () => this.read(`${prefix}.weight`);
    if (plan.q4) {
      const q = q4Inits(prefix, n, k, act, plan.zeroPoints, read);
      const inputs = [input, b.weight(q.b), b.weight(q.scales)];
      if (q.zeroPoints) inputs.push(b.weight(q.zeroPoints));
      return b.node(
        'MatMulNBits',
        inputs,
        { K: k, N: n, bits: 4, block_size: 32 },
        { domain: 'com.microsoft' },
      );
    }
    const w = b.weight(floatInit(`${prefix}.weight_t`, [k, n], act, () => transpose(read(), n, k)));
    return b.node('MatMul', [input, w]);
  }

  /** cos/sin [batch, 1, seq, head_dim] from position_ids, shared by all layers. */
  rotary(positionIds: string): { cos: string; sin: string } {
    const { b, c } = this;
    const half = c.headDim / 2;
    const invFreq = Array.from(
      { length: half },
      (_, i) => 1 / c.ropeTheta ** ((2 * i) / c.headDim),
    );
    const freqs = b.node('Mul', [
      b.node('Unsqueeze', [b.cast(positionIds, F32), b.i64([2])]),
      b.const(F32, [half], invFreq),
    ]);
    const emb = b.node('Concat', [freqs, freqs], { axis: -1 });
    const axis1 = b.i64([1]);
    return {
      cos: b.node('Unsqueeze', [b.node('Cos', [emb]), axis1]),
      sin: b.node('Unsqueeze', [b.node('Sin', [emb]), axis1]),
    };
  }

  /** Causal ∧ padding, [batch, 1, 1, seq, total] (the 5-D grouped-score layout). */
  attentionMask(inputIds: string, attentionMask: string): string {
    const { b } = this;
    const scalarAt = (value: string, index: number) =>
      b.node('Gather', [b.node('Shape', [value]), b.i64([index], true)], { axis: 0 });
    const total = scalarAt(attentionMask, 1);
    const seq = scalarAt(inputIds, 1);
    const zero = b.i64([0], true);
    const one = b.i64([1], true);
    const keyIndex = b.node('Range', [zero, total, one]);
    const queryIndex = b.node('Range', [b.node('Sub', [total, seq]), total, one]);
    const causal = b.node('LessOrEqual', [keyIndex, b.node('Unsqueeze', [queryIndex, b.i64([1])])]);
    const padding = b.node('Unsqueeze', [b.cast(attentionMask, TensorType.BOOL), b.i64([1, 2, 3])]);
    return b.node('And', [causal, padding]);
  }

  attention(
    h: string,
    layer: number,
    past: { key: string; value: string },
    rope: { cos: string; sin: string },
    mask: string,
  ): string {
    const { b, c, plan } = this;
    const l = names.layer(layer);
    const qDim = c.numHeads * c.headDim;
    const kvDim = c.numKvHeads * c.headDim;
    const groups = c.numHeads / c.numKvHeads;
    // Projections leave the matmul type at once: Qwen2's large q/k biases and
    // the q·k products are where fp16 attention overflows.
    const project = (prefix: string, n: number, heads: number) => {
      const bias = b.weight(
        floatInit(`${prefix}.bias`, [n], F32, () => this.read(`${prefix}.bias`)),
      );
      const y = b.node('Add', [b.cast(this.linear(h, prefix, n, c.hiddenSize), F32), bias]);
      const split = b.node('Reshape', [y, b.i64([0, 0, heads, c.headDim])]);
      return b.node('Transpose', [split], { perm: [0, 2, 1, 3] });
    };
    const q = this.applyRope(project(l.q, qDim, c.numHeads), rope);
    const k = this.applyRope(project(l.k, kvDim, c.numKvHeads), rope);
    const v = project(l.v, kvDim, c.numKvHeads);

    const presentKey = b.node(
      'Concat',
      [past.key, b.cast(k, plan.kv)],
      { axis: 2 },
      { name: `present.${layer}.key` },
    );
    const presentValue = b.node(
      'Concat',
      [past.value, b.cast(v, plan.kv)],
      { axis: 2 },
      {
        name: `present.${layer}.value`,
      },
    );
    const kvDims = ['batch_size', c.numKvHeads, 'total_sequence_length', c.headDim];
    b.output(presentKey, `present.${layer}.key`, kvDims);
    b.output(presentValue, `present.${layer}.value`, kvDims);

    // Grouped-query attention without copying K/V per head: view the query
    // heads as [batch, kv_heads, groups, seq, head_dim] and let MatMul broadcast
    // K/V [batch, kv_heads, 1, total, head_dim] over the groups. Head h uses KV
    // head h / groups, as in HF's repeat_kv.
    const axis2 = b.i64([2]);
    const keys = b.node('Unsqueeze', [b.cast(presentKey, F32), axis2]);
    const values = b.node('Unsqueeze', [b.cast(presentValue, F32), axis2]);
    const scaled = b.node('Mul', [q, b.f32(1 / Math.sqrt(c.headDim))]);
    const grouped = b.node('Reshape', [scaled, b.i64([0, c.numKvHeads, groups, -1, c.headDim])]);
    const scores = b.node('MatMul', [
      grouped,
      b.node('Transpose', [keys], { perm: [0, 1, 2, 4, 3] }),
    ]);
    const probs = b.node('Softmax', [b.node('Where', [mask, scores, b.f32(MASKED)])], { axis: -1 });
    const context = b.node('MatMul', [probs, values]);
    const heads = b.node('Reshape', [context, b.i64([0, c.numHeads, -1, c.headDim])]);
    const merged = b.node('Reshape', [
      b.node('Transpose', [heads], { perm: [0, 2, 1, 3] }),
      b.i64([0, 0, qDim]),
    ]);
    return b.cast(this.linear(merged, l.o, c.hiddenSize, qDim), F32);
  }

  /** HF's rotate_half RoPE: x·cos + (-x₂, x₁)·sin, in fp32. */
  private applyRope(x: string, rope: { cos: string; sin: string }): string {
    const { b, c } = this;
    const half = c.headDim / 2;
    const [x1, x2] = b.nodeN('Split', [x, b.i64([half, half])], 2, { axis: -1 });
    const rotated = b.node('Concat', [b.node('Neg', [x2 as string]), x1 as string], { axis: -1 });
    return b.node('Add', [b.node('Mul', [x, rope.cos]), b.node('Mul', [rotated, rope.sin])]);
  }

  /** SwiGLU; the gate product and down_proj run in fp32 (see Plan). */
  mlp(h: string, layer: number): string {
    const { b, c, plan } = this;
    const l = names.layer(layer);
    const gate = b.cast(this.linear(h, l.gate, c.intermediateSize, c.hiddenSize), F32);
    const up = b.cast(this.linear(h, l.up, c.intermediateSize, c.hiddenSize), F32);
    const act = b.node('Mul', [b.node('Mul', [gate, b.node('Sigmoid', [gate])]), up]);
    if (plan.q4) {
      // MatMulNBits with fp32 activations (and fp32 scales) accumulates in fp32
      // on every backend: the layer whose output overflows fp16 in Qwen2.
      return this.linear(act, l.down, c.hiddenSize, c.intermediateSize, F32);
    }
    if (plan.downScale === 1)
      return b.cast(this.linear(act, l.down, c.hiddenSize, c.intermediateSize), F32);
    const shrunk = b.node('Mul', [act, b.f32(1 / plan.downScale)]);
    const y = b.cast(this.linear(shrunk, l.down, c.hiddenSize, c.intermediateSize), F32);
    return b.node('Mul', [y, b.f32(plan.downScale)]);
  }

  /** The last `keep` positions (all when keep is 0), [batch, keep, hidden]. */
  lastTokens(h: string, keep: string): string {
    const { b } = this;
    const seq = b.node('Slice', [b.node('Shape', [h]), b.i64([1]), b.i64([2])]);
    const k = b.node('Reshape', [keep, b.i64([1])]);
    const count = b.node('Where', [b.node('Equal', [k, b.i64([0])]), seq, b.node('Min', [k, seq])]);
    return b.node('Slice', [h, b.node('Sub', [seq, count]), seq, b.i64([1])]);
  }

  /**
   * Tied: Gemm with transB over the embedding table itself, so the largest
   * tensor is stored once and never transposed. Untied: the lm_head weight,
   * MatMulNBits when quantizing (7B's untied head is 2.2 GB in fp32) unless
   * the plan keeps it float (MatMulNBits with N = 151,936 is slow on WASM and
   * on software WebGPU).
   */
  lmHead(h: string, embed: string): string {
    const { b, c, plan } = this;
    if (quantizedLmHead(plan, c.tieWordEmbeddings)) {
      return b.cast(this.linear(h, 'lm_head', c.vocabSize, c.hiddenSize), F32);
    }
    const table = c.tieWordEmbeddings
      ? embed
      : b.weight(
          floatInit(names.lmHead, [c.vocabSize, c.hiddenSize], plan.act, () =>
            this.read(names.lmHead),
          ),
        );
    const flat = b.node('Reshape', [b.cast(h, plan.act), b.i64([-1, c.hiddenSize])]);
    const logits = b.node('Gemm', [flat, table], { transB: 1 });
    const shape = b.node(
      'Concat',
      [b.node('Slice', [b.node('Shape', [h]), b.i64([0]), b.i64([2])]), b.i64([c.vocabSize])],
      {
        axis: 0,
      },
    );
    return b.cast(b.node('Reshape', [logits, shape]), F32);
  }
}
