/**
 * Turns checkpoint tensors into graph initializers lazily: nothing is read or
 * converted until the ONNX writer asks for that initializer's bytes, so the
 * export holds one tensor (plus its converted copy) at a time.
 */
import { toF16 } from './float';
import { type ElemType, TensorType } from './onnx-proto';
import type { Initializer } from './onnx-writer';
import { BLOCK, type Q4Weight, quantizeQ4 } from './quantize';

/** Reads a checkpoint tensor (Hugging Face name) as fp32. */
export type TensorSource = (name: string) => Float32Array;

export function bytesOf(data: Float32Array | Uint16Array | Uint8Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function floatInit(
  name: string,
  dims: number[],
  type: ElemType,
  read: () => Float32Array,
): Initializer {
  const count = dims.reduce((a, b) => a * b, 1);
  return {
    name,
    dataType: type,
    dims,
    byteLength: count * (type === TensorType.FLOAT ? 4 : 2),
    data: () => {
      const w = read();
      return bytesOf(type === TensorType.FLOAT ? w : toF16(w));
    },
  };
}

/** [N, K] → [K, N]: ONNX MatMul wants the Linear weight transposed. */
export function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = w[base + c] as number;
  }
  return out;
}

/**
 * The MatMulNBits initializers of one Linear: packed codes, scales in the
 * activation type, optional zero points. The three are written back to back,
 * so a one-entry cache quantizes each weight once.
 */
export function q4Inits(
  prefix: string,
  n: number,
  k: number,
  scaleType: ElemType,
  zeroPoints: boolean,
  read: () => Float32Array,
): { b: Initializer; scales: Initializer; zeroPoints?: Initializer } {
  const blocks = Math.ceil(k / BLOCK);
  let cached: Q4Weight | undefined;
  const q = (): Q4Weight => {
    cached ??= quantizeQ4(read(), n, k, {
      zeroPoints,
      fp16Scales: scaleType === TensorType.FLOAT16,
    });
    return cached;
  };
  const b: Initializer = {
    name: `${prefix}.q4`,
    dataType: TensorType.UINT8,
    dims: [n, blocks, BLOCK / 2],
    byteLength: n * blocks * (BLOCK / 2),
    data: () => q().packed,
  };
  const scales = floatInit(`${prefix}.scales`, [n, blocks], scaleType, () => {
    const s = q().scales;
    if (!zeroPoints) cached = undefined;
    return s;
  });
  if (!zeroPoints) return { b, scales };
  const zpCols = Math.ceil(blocks / 2);
  const zp: Initializer = {
    name: `${prefix}.zero_points`,
    dataType: TensorType.UINT8,
    dims: [n, zpCols],
    byteLength: n * zpCols,
    data: () => {
      const z = q().zeroPoints as Uint8Array;
      cached = undefined;
      return z;
    },
  };
  return { b, scales, zeroPoints: zp };
}
