import { describe, expect, it } from 'vitest';
import { backendCandidates, chooseBackend, wasmFallback } from './backend';
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

const gpu = { webgpu: true, shaderF16: false };
const gpuF16 = { webgpu: true, shaderF16: true };
const software = { webgpu: true, shaderF16: false, fallbackAdapter: true };
const none = { webgpu: false, shaderF16: false };

describe('chooseBackend', () => {
  it('prefers WebGPU with q4f16 when a hardware adapter has shader-f16', () => {
    expect(chooseBackend(entry, gpuF16)).toEqual({
      backend: 'webgpu',
      dtype: 'q4f16',
      reason: 'gpu',
    });
  });

  it('uses q4 on WebGPU without shader-f16', () => {
    expect(chooseBackend(entry, gpu)).toEqual({ backend: 'webgpu', dtype: 'q4', reason: 'gpu' });
  });

  it('falls back to WASM without WebGPU, and says why', () => {
    expect(chooseBackend(entry, none)).toEqual({
      backend: 'wasm',
      dtype: 'fp32',
      reason: 'no-webgpu',
    });
    expect(wasmFallback(entry)).toEqual({
      backend: 'wasm',
      dtype: 'fp32',
      reason: 'webgpu-failed',
    });
  });

  it('treats a software (fallback) adapter as no GPU, unless WebGPU is forced', () => {
    expect(chooseBackend(entry, software)).toEqual({
      backend: 'wasm',
      dtype: 'fp32',
      reason: 'software-gpu',
    });
    expect(chooseBackend(entry, software, 'webgpu')).toEqual({
      backend: 'webgpu',
      dtype: 'q4',
      reason: 'forced',
    });
  });

  it('honours a forced backend, and refuses WebGPU where there is none', () => {
    expect(chooseBackend(entry, gpuF16, 'wasm')).toEqual({
      backend: 'wasm',
      dtype: 'fp32',
      reason: 'forced',
    });
    expect(chooseBackend(entry, none, 'webgpu')).toEqual({ error: 'webgpu-unavailable' });
  });

  it('uses the webgpu dtype when the entry has no f16 variant', () => {
    const { webgpuF16: _, ...dtype } = entry.dtype;
    expect(chooseBackend({ ...entry, dtype }, gpuF16)).toMatchObject({ dtype: 'q4' });
  });
});

describe('backendCandidates: the self-check fallback chain', () => {
  it('goes q4f16 → q4 → WASM on a GPU with shader-f16', () => {
    expect(backendCandidates(entry, gpuF16)).toEqual([
      { backend: 'webgpu', dtype: 'q4f16', reason: 'gpu' },
      { backend: 'webgpu', dtype: 'q4', reason: 'gpu' },
      { backend: 'wasm', dtype: 'fp32', reason: 'webgpu-failed' },
    ]);
  });

  it('has no WASM step when WebGPU is forced, and only WASM when WASM is', () => {
    expect(backendCandidates(entry, gpu, 'webgpu')).toEqual([
      { backend: 'webgpu', dtype: 'q4', reason: 'forced' },
    ]);
    expect(backendCandidates(entry, gpuF16, 'wasm')).toEqual([
      { backend: 'wasm', dtype: 'fp32', reason: 'forced' },
    ]);
  });
});
