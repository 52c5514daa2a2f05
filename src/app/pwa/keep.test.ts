import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../core/registry';
import { dtypeOnThisDevice, enginesFor } from './keep';

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

describe('what a model needs besides itself', () => {
  it('needs Python only for tool-integrated reasoning, Chinese OCR only for Chinese', () => {
    expect(enginesFor(entry)).toEqual({ engines: ['ocr'], ocrLanguages: ['eng'] });
    expect(enginesFor({ ...entry, tir: true, languages: ['en', 'zh'] })).toEqual({
      engines: ['ocr', 'python'],
      ocrLanguages: ['eng', 'chi_sim'],
    });
  });

  it('takes the dtype of a forced WASM backend without probing WebGPU', async () => {
    expect(await dtypeOnThisDevice(entry, 'wasm')).toBe('fp32');
  });
});
