import { describe, expect, it } from 'vitest';
import { modelFilePaths } from '../../core/model-files';
import type { ModelEntry } from '../../core/registry';
import { dtypeOnThisDevice, enginesFor } from './keep';

const base = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];

describe('the files transformers.js loads for a model', () => {
  it('lists the config, tokenizer and the graph of the dtype', () => {
    expect(modelFilePaths({ model_type: 'qwen2' }, 'fp32')).toEqual([...base, 'onnx/model.onnx']);
    expect(modelFilePaths({}, 'q4f16')).toEqual([...base, 'onnx/model_q4f16.onnx']);
    expect(modelFilePaths({}, 'q8').at(-1)).toBe('onnx/model_quantized.onnx');
  });

  it('adds external data chunks as transformers.js_config says', () => {
    const config = (format: unknown) => ({
      'transformers.js_config': { use_external_data_format: format },
    });
    expect(modelFilePaths(config(true), 'q4').slice(4)).toEqual([
      'onnx/model_q4.onnx',
      'onnx/model_q4.onnx_data',
    ]);
    expect(modelFilePaths(config(3), 'fp16').slice(4)).toEqual([
      'onnx/model_fp16.onnx',
      'onnx/model_fp16.onnx_data',
      'onnx/model_fp16.onnx_data_1',
      'onnx/model_fp16.onnx_data_2',
    ]);
    // A per-file map: the full file name first, then the base name.
    expect(modelFilePaths(config({ 'model_q4f16.onnx': 2, model: 1 }), 'q4f16')).toHaveLength(7);
    expect(modelFilePaths(config({ model: 1 }), 'q4')).toHaveLength(6);
    expect(modelFilePaths(config({ 'model_fp16.onnx': 2 }), 'q4')).toHaveLength(5);
    expect(modelFilePaths(config(false), 'q4')).toHaveLength(5);
  });

  it('refuses a chunk count transformers.js would refuse', () => {
    const config = { 'transformers.js_config': { use_external_data_format: 101 } };
    expect(() => modelFilePaths(config, 'q4')).toThrow(
      expect.objectContaining({
        code: 'model-corrupt',
        details: expect.stringMatching(/external data/),
      }),
    );
  });
});

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
