/**
 * Where fp16 is allowed in the half-precision graphs. This machine cannot
 * show fp16 overflow (onnxruntime's CPU provider computes fp16 in fp32, and
 * SwiftShader has no shader-f16), so the q4f16/fp16 safety is checked as
 * structure: norms, softmax, residual sums and every elementwise op run on
 * fp32 values, and down_proj accumulates in fp32 (q4f16) or on a scaled input
 * (fp16). value_info carries each value's type and onnxruntime verifies it
 * against its own inference when the parity tests load these files.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onnxFileName } from '../../src/core/model-files';
import { randomValues, writeCheckpoint } from './checkpoint-writer';
import { exportModel } from './export';
import { decodeModel, type NodeMessage, TensorType } from './onnx-proto';
import type { ExportDtype } from './plan';
import { CONFIG_A, CONFIG_B, tempDir } from './test-configs';

type Model = ReturnType<typeof decodeModel>;
const F32 = TensorType.FLOAT;
const F16 = TensorType.FLOAT16;
/** Ops that must never see an fp16 input: normalization, softmax, residual/bias/RoPE arithmetic. */
const FP32_ONLY = [
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Sqrt',
  'ReduceMean',
  'Softmax',
  'Sigmoid',
  'Neg',
  'Where',
];

let dir = '';
const models = new Map<string, Model>();

beforeAll(() => {
  dir = tempDir('structure');
  for (const [key, config] of [
    ['A', CONFIG_A],
    ['B', CONFIG_B],
  ] as const) {
    writeCheckpoint(path.join(dir, key), config, randomValues({ seed: 2 }));
    exportModel({
      from: path.join(dir, key),
      out: path.join(dir, `${key}-out`),
      dtypes: ['fp32', 'fp16', 'q4', 'q4f16'],
    });
    for (const dtype of ['fp32', 'fp16', 'q4', 'q4f16'] as ExportDtype[]) {
      const file = path.join(dir, `${key}-out`, 'onnx', onnxFileName(dtype));
      models.set(`${key}/${dtype}`, decodeModel(readFileSync(file)));
    }
  }
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function typeTable(m: Model): Map<string, number> {
  const types = new Map<string, number>();
  for (const v of [...m.graph.input, ...m.graph.output, ...m.graph.value_info]) {
    types.set(v.name, v.type.tensor_type.elem_type);
  }
  for (const t of m.graph.initializer) types.set(t.name, t.data_type);
  return types;
}

const inputTypes = (n: NodeMessage, types: Map<string, number>) =>
  n.input.filter((x) => x).map((x) => types.get(x));

describe.each(['A', 'B'])('config %s', (key) => {
  it.each(['fp16', 'q4f16'])(
    '%s: fp16 only in matmuls, the embedding and the KV cache',
    (dtype) => {
      const m = models.get(`${key}/${dtype}`) as Model;
      const types = typeTable(m);
      for (const n of m.graph.node) {
        if (FP32_ONLY.includes(n.op_type)) {
          expect({ node: n.name, types: inputTypes(n, types) }).not.toEqual(
            expect.objectContaining({ types: expect.arrayContaining([F16]) }),
          );
        }
        if (n.op_type === 'MatMul' && inputTypes(n, types).includes(F16)) {
          // Only the Linear layers: their weight is an fp16 initializer.
          expect(m.graph.initializer.some((t) => t.name === n.input[1])).toBe(true);
        }
      }
      // The attention products (q·kᵀ and probs·V) are the MatMuls on fp32.
      const attention = m.graph.node.filter(
        (n) => n.op_type === 'MatMul' && inputTypes(n, types).every((t) => t === F32),
      );
      expect(attention.length).toBe(2 * (key === 'A' ? CONFIG_A : CONFIG_B).numLayers);
    },
  );

  it.each(['fp16', 'q4f16'])('%s: KV cache in fp16, logits in fp32', (dtype) => {
    const m = models.get(`${key}/${dtype}`) as Model;
    for (const v of [...m.graph.input, ...m.graph.output]) {
      const type = v.type.tensor_type.elem_type;
      if (v.name.startsWith('past_key_values.') || v.name.startsWith('present.'))
        expect(type).toBe(F16);
      if (v.name === 'logits') expect(type).toBe(F32);
    }
  });

  it('q4f16: down_proj is a MatMulNBits on fp32 activations with fp32 scales, the others on fp16', () => {
    const m = models.get(`${key}/q4f16`) as Model;
    const types = typeTable(m);
    const nbits = m.graph.node.filter((n) => n.op_type === 'MatMulNBits');
    for (const n of nbits) {
      const down = (n.input[1] as string).includes('down_proj');
      expect(types.get(n.input[0] as string)).toBe(down ? F32 : F16);
      expect(types.get(n.input[2] as string)).toBe(down ? F32 : F16);
    }
    expect(
      nbits.filter((n) => (n.input[1] as string).includes('down_proj')).length,
    ).toBeGreaterThan(0);
  });

  it('fp16: down_proj input is scaled down before the fp16 matmul and back up in fp32', () => {
    const m = models.get(`${key}/fp16`) as Model;
    const down = m.graph.node.find(
      (n) => n.op_type === 'MatMul' && (n.input[1] as string).includes('down_proj'),
    );
    const cast = m.graph.node.find((n) => n.output[0] === down?.input[0]);
    const scale = m.graph.node.find((n) => n.output[0] === cast?.input[0]);
    expect(cast?.op_type).toBe('Cast');
    expect(scale?.op_type).toBe('Mul');
  });

  it.each(['fp32', 'q4'])('%s: no fp16 anywhere', (dtype) => {
    const types = typeTable(models.get(`${key}/${dtype}`) as Model);
    expect([...types.values()]).not.toContain(F16);
  });

  it('q4: every Linear is a 4-bit, block-32 MatMulNBits in MatMulNBits layout', () => {
    const m = models.get(`${key}/q4`) as Model;
    const config = key === 'A' ? CONFIG_A : CONFIG_B;
    const nbits = m.graph.node.filter((n) => n.op_type === 'MatMulNBits');
    const untiedHead = config.tieWordEmbeddings ? 0 : 1;
    expect(nbits.length).toBe(7 * config.numLayers + untiedHead);
    expect(m.graph.node.filter((n) => n.op_type === 'MatMul').length).toBe(2 * config.numLayers);
    for (const n of nbits) {
      expect(n.domain).toBe('com.microsoft');
      const attr = Object.fromEntries(n.attribute.map((a) => [a.name, a.i]));
      expect(attr.bits).toBe(4);
      expect(attr.block_size).toBe(32);
      const b = m.graph.initializer.find((t) => t.name === n.input[1]);
      expect(b?.dims).toEqual([attr.N, Math.ceil((attr.K as number) / 32), 16]);
    }
    expect(m.opset_import).toContainEqual({ domain: 'com.microsoft', version: 1 });
  });

  it('declares the inputs transformers.js feeds, with fixed KV heads and head_dim', () => {
    const m = models.get(`${key}/q4`) as Model;
    const config = key === 'A' ? CONFIG_A : CONFIG_B;
    const names = m.graph.input.map((v) => v.name);
    expect(names.slice(0, 3)).toEqual(['input_ids', 'attention_mask', 'position_ids']);
    expect(names).toContain('num_logits_to_keep');
    const past = m.graph.input.find((v) => v.name === 'past_key_values.0.key');
    const dims = past?.type.tensor_type.shape?.dim.map((d) =>
      'dim_value' in d ? d.dim_value : d.dim_param,
    );
    expect(dims).toEqual(['batch_size', config.numKvHeads, 'past_sequence_length', config.headDim]);
    expect(m.graph.output[0]?.name).toBe('logits');
  });
});
