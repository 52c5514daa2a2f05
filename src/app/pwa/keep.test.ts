import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../core/registry';
import { dtypeOnThisDevice } from './keep';

const entry: ModelEntry = {
  id: 'm',
  name: 'M',
  baseUrl: 'https://models.example/m/',
  dtype: { webgpuF16: 'q4f16', webgpu: 'q4', wasm: 'fp32' },
  promptStyle: 'qwen-boxed',
  tir: false,
  languages: ['en'],
  contextLength: 4096,
};

describe('the dtype kept for offline use', () => {
  it('takes the dtype of a forced WASM backend without probing WebGPU', async () => {
    expect(await dtypeOnThisDevice(entry, 'wasm')).toBe('fp32');
  });
});
