import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/random';
import { f16BitsToF32, f32ToF16Bits } from './float';
import { BLOCK, dequantizeQ4, quantizeQ4 } from './quantize';

function random(n: number, seed = 1): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: n }, () => next() * 2 - 1);
}

describe('MatMulNBits q4 layout', () => {
  it('packs codes low nibble first, 16 bytes per block of 32, with default zero point 8', () => {
    // One row, one block: values -8..7 × 0.5 twice, largest magnitude -4 → scale 0.5.
    const w = Float32Array.from({ length: BLOCK }, (_, i) => ((i % 16) - 8) * 0.5);
    const q = quantizeQ4(w, 1, BLOCK);
    expect(q.packed.length).toBe(16);
    expect(q.scales[0]).toBe(0.5);
    expect(q.packed[0]).toBe(0x10); // codes 0 (low nibble) and 1 (high nibble)
    expect(q.packed[7]).toBe(0xfe);
    expect(Array.from(dequantizeQ4(q))).toEqual(Array.from(w));
  });

  it('keeps symmetric error within half a step and the extreme value exact', () => {
    const n = 5;
    const k = 96;
    const w = random(n * k);
    const q = quantizeQ4(w, n, k);
    const d = dequantizeQ4(q);
    for (let row = 0; row < n; row++) {
      for (let b = 0; b < k / BLOCK; b++) {
        const step = Math.abs(q.scales[row * (k / BLOCK) + b] as number);
        for (let i = 0; i < BLOCK; i++) {
          const at = row * k + b * BLOCK + i;
          // Values of the opposite sign to the extreme may clip at +7 steps: at most one step off.
          expect(Math.abs((d[at] as number) - (w[at] as number))).toBeLessThanOrEqual(
            step * 1.0001,
          );
        }
      }
    }
    const extreme = w.subarray(0, BLOCK).reduce((a, v) => (Math.abs(v) > Math.abs(a) ? v : a), 0);
    expect(d.subarray(0, BLOCK)).toContain(Math.fround(extreme));
  });

  it('stores 4-bit zero points two per byte, per row, and keeps error within half a step', () => {
    const n = 3;
    const k = 3 * BLOCK; // three blocks: the zero-point row is 2 bytes, the last nibble unused
    const w = random(n * k, 2).map((v) => v + 0.3);
    const q = quantizeQ4(w, n, k, { zeroPoints: true });
    expect(q.zeroPoints?.length).toBe(n * 2);
    const d = dequantizeQ4(q);
    w.forEach((v, i) => {
      const scale = q.scales[Math.floor(i / k) * 3 + Math.floor((i % k) / BLOCK)] as number;
      expect(Math.abs((d[i] as number) - v)).toBeLessThanOrEqual(scale / 2 + 1e-6);
    });
  });

  it('pads a partial last block with zeros and quantizes an all-zero block exactly', () => {
    const k = BLOCK + 8;
    const w = new Float32Array(2 * k);
    w.set(random(k, 3), 0);
    const q = quantizeQ4(w, 2, k);
    expect(q.packed.length).toBe(2 * 2 * 16);
    expect(Array.from(dequantizeQ4(q).subarray(k))).toEqual(new Array(k).fill(0));
    expect(q.scales[2]).toBe(0);
    // Padding codes are 8 (zero): the last 24 codes of row 0's second block.
    expect(q.packed[16 + 4]).toBe(0x88);
  });

  it('chooses codes against fp16-rounded scales when the graph multiplies in fp16', () => {
    const w = random(BLOCK, 4).map((v) => v * 1e-3);
    const q = quantizeQ4(w, 1, BLOCK, { fp16Scales: true });
    const scale = q.scales[0] as number;
    expect(f16BitsToF32(f32ToF16Bits(scale))).toBe(scale);
    const d = dequantizeQ4(q);
    w.forEach((v, i) => {
      expect(Math.abs((d[i] as number) - v)).toBeLessThanOrEqual(Math.abs(scale) * 1.0001);
    });
  });
});
