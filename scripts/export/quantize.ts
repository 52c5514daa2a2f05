/**
 * 4-bit block-wise weight quantization in the layout of onnxruntime's
 * com.microsoft MatMulNBits: the weight is W[N, K] (a Linear's [out, in], so
 * no transpose), cut along K into blocks of 32; each block stores 16 bytes of
 * codes, low nibble first, one scale, and optionally a 4-bit zero point
 * (default 8). Dequantized value = (code - zero_point) * scale.
 */
import { f16BitsToF32, f32ToF16Bits } from './float';

export const BLOCK = 32;

export interface Q4Options {
  /** Asymmetric min/max blocks with stored zero points; otherwise symmetric around 8. */
  zeroPoints?: boolean;
  /** Round scales to fp16 before choosing codes, since that is what the graph will multiply by. */
  fp16Scales?: boolean;
}

export interface Q4Weight {
  n: number;
  k: number;
  blocks: number;
  /** [N, blocks, 16] */
  packed: Uint8Array;
  /** [N, blocks], already rounded to fp16 when fp16Scales */
  scales: Float32Array;
  /** [N, ceil(blocks / 2)] packed nibbles, when zeroPoints */
  zeroPoints?: Uint8Array;
}

export function quantizeQ4(
  w: Float32Array,
  n: number,
  k: number,
  options: Q4Options = {},
): Q4Weight {
  const blocks = Math.ceil(k / BLOCK);
  const packed = new Uint8Array(n * blocks * (BLOCK / 2));
  const scales = new Float32Array(n * blocks);
  const zpStride = Math.ceil(blocks / 2);
  const zeroPoints = options.zeroPoints ? new Uint8Array(n * zpStride) : undefined;
  const roundScale = options.fp16Scales
    ? (s: number) => f16BitsToF32(f32ToF16Bits(s))
    : (s: number) => Math.fround(s);
  const codes = new Uint8Array(BLOCK);
  for (let row = 0; row < n; row++) {
    const rowBase = row * k;
    for (let b = 0; b < blocks; b++) {
      const start = b * BLOCK;
      const end = Math.min(start + BLOCK, k);
      let scale: number;
      let zp = 8;
      if (zeroPoints) {
        // Include 0 in the range so that zero (and zero padding) stays exact.
        let lo = 0;
        let hi = 0;
        for (let i = start; i < end; i++) {
          const v = w[rowBase + i] as number;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        scale = roundScale((hi - lo) / 15);
        zp = scale === 0 ? 8 : Math.min(15, Math.max(0, Math.round(-lo / scale)));
      } else {
        // llama.cpp's q4_0 trick: map the largest-magnitude value, with its sign,
        // to code 0 (= -8 · scale). A negative scale is fine; this uses all 16
        // levels instead of 15 and keeps the extreme value exact.
        let extreme = 0;
        for (let i = start; i < end; i++) {
          const v = w[rowBase + i] as number;
          if (Math.abs(v) > Math.abs(extreme)) extreme = v;
        }
        scale = extreme === 0 ? 0 : roundScale(extreme / -8);
      }
      const inv = scale === 0 ? 0 : 1 / scale;
      codes.fill(zp);
      for (let i = start; i < end; i++) {
        const q = Math.round((w[rowBase + i] as number) * inv) + zp;
        codes[i - start] = Math.min(15, Math.max(0, q));
      }
      const out = (row * blocks + b) * (BLOCK / 2);
      for (let j = 0; j < BLOCK / 2; j++) {
        packed[out + j] = (codes[2 * j] as number) | ((codes[2 * j + 1] as number) << 4);
      }
      scales[row * blocks + b] = scale;
      if (zeroPoints) {
        const at = row * zpStride + (b >> 1);
        zeroPoints[at] = (zeroPoints[at] as number) | (b & 1 ? zp << 4 : zp);
      }
    }
  }
  return { n, k, blocks, packed, scales, ...(zeroPoints ? { zeroPoints } : {}) };
}

/** The weight the graph effectively multiplies by, [N, K]: the reference forward uses it. */
export function dequantizeQ4(q: Q4Weight): Float32Array {
  const out = new Float32Array(q.n * q.k);
  const zpStride = Math.ceil(q.blocks / 2);
  for (let row = 0; row < q.n; row++) {
    for (let b = 0; b < q.blocks; b++) {
      const scale = q.scales[row * q.blocks + b] as number;
      let zp = 8;
      if (q.zeroPoints) {
        const byte = q.zeroPoints[row * zpStride + (b >> 1)] as number;
        zp = b & 1 ? byte >> 4 : byte & 15;
      }
      for (let i = 0; i < BLOCK && b * BLOCK + i < q.k; i++) {
        const byte = q.packed[(row * q.blocks + b) * (BLOCK / 2) + (i >> 1)] as number;
        const code = i & 1 ? byte >> 4 : byte & 15;
        out[row * q.k + b * BLOCK + i] = (code - zp) * scale;
      }
    }
  }
  return out;
}
