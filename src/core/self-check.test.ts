import { describe, expect, it } from 'vitest';
import { judgeSelfCheck, selfCheckKey, selfCheckPrompt } from './self-check';

describe('judgeSelfCheck', () => {
  it('passes varied output and an early stop', () => {
    expect(judgeSelfCheck({ tokens: [10, 11, 12, 13, 10, 14], finite: true })).toEqual({
      ok: true,
    });
    expect(judgeSelfCheck({ tokens: [151645], finite: true })).toEqual({ ok: true });
  });

  it('fails the "!!!!" of a broken 16-bit build, and NaN logits', () => {
    expect(judgeSelfCheck({ tokens: Array(12).fill(0), finite: true })).toMatchObject({
      ok: false,
    });
    expect(
      judgeSelfCheck({ tokens: [5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], finite: true }),
    ).toMatchObject({
      ok: false,
    });
    expect(judgeSelfCheck({ tokens: [5, 6, 7], finite: false })).toMatchObject({ ok: false });
  });

  it('remembers the adapter only for WebGPU', () => {
    const base = { folder: 'f/', dtype: 'q4' };
    expect(selfCheckKey({ ...base, backend: 'wasm', adapter: 'a' })).toBe(
      selfCheckKey({ ...base, backend: 'wasm', adapter: 'b' }),
    );
    expect(selfCheckKey({ ...base, backend: 'webgpu', adapter: 'a' })).not.toBe(
      selfCheckKey({ ...base, backend: 'webgpu', adapter: 'b' }),
    );
  });

  it('asks in the model prompt format', () => {
    expect(selfCheckPrompt('qwen-boxed')).toMatch(/2 \+ 3/);
    expect(selfCheckPrompt('qwen-boxed')).toMatch(/<\|im_start\|>assistant\n$/);
  });
});
