import { describe, expect, it } from 'vitest';
import { chooseBackend, wasmFallback } from './backend';
import type { ModelEntry } from './registry';

const entry: ModelEntry = {
  id: 'm',
  name: 'M',
  baseUrl: 'https://example.org/m/',
  dtype: { webgpuF16: 'q4f16', webgpu: 'q4', wasm: 'fp32' },
  promptStyle: 'qwen-boxed',
  tir: false,
  languages: ['en'],
  contextLength: 4096,
};

describe('chooseBackend', () => {
  it('prefers WebGPU with q4f16 when the adapter has shader-f16', () => {
    expect(chooseBackend(entry, { webgpu: true, shaderF16: true })).toEqual({
      backend: 'webgpu',
      dtype: 'q4f16',
    });
  });

  it('uses q4 on WebGPU without shader-f16', () => {
    expect(chooseBackend(entry, { webgpu: true, shaderF16: false })).toEqual({
      backend: 'webgpu',
      dtype: 'q4',
    });
  });

  it('falls back to WASM without WebGPU', () => {
    expect(chooseBackend(entry, { webgpu: false, shaderF16: false })).toEqual({
      backend: 'wasm',
      dtype: 'fp32',
    });
    expect(wasmFallback(entry)).toEqual({ backend: 'wasm', dtype: 'fp32' });
  });

  it('honours a forced backend', () => {
    expect(chooseBackend(entry, { webgpu: true, shaderF16: true }, 'wasm')).toEqual({
      backend: 'wasm',
      dtype: 'fp32',
    });
    expect(chooseBackend(entry, { webgpu: false, shaderF16: false }, 'webgpu')).toHaveProperty(
      'error',
    );
  });

  it('uses the webgpu dtype when the entry has no f16 variant', () => {
    const { webgpuF16: _, ...dtype } = entry.dtype;
    expect(chooseBackend({ ...entry, dtype }, { webgpu: true, shaderF16: true })).toEqual({
      backend: 'webgpu',
      dtype: 'q4',
    });
  });
});
