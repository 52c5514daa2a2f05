import { describe, expect, it } from 'vitest';
import {
  externalDataChunks,
  externalDataFileName,
  modelFilePaths,
  onnxFileName,
  SHARED_FILES,
} from './model-files';

const base = [...SHARED_FILES];
const config = (format: unknown) => ({
  'transformers.js_config': { use_external_data_format: format },
});

describe('the files of a model folder', () => {
  it('names the graph of each dtype as transformers.js does', () => {
    expect(onnxFileName('fp32')).toBe('model.onnx');
    expect(onnxFileName('fp16')).toBe('model_fp16.onnx');
    expect(onnxFileName('q8')).toBe('model_quantized.onnx');
    expect(onnxFileName('q4')).toBe('model_q4.onnx');
    expect(onnxFileName('q4f16')).toBe('model_q4f16.onnx');
    expect(externalDataFileName('model_q4.onnx', 0)).toBe('model_q4.onnx_data');
    expect(externalDataFileName('model_q4.onnx', 2)).toBe('model_q4.onnx_data_2');
  });

  it('lists the config, tokenizer and the graph of the dtype', () => {
    expect(modelFilePaths({ model_type: 'qwen2' }, 'fp32')).toEqual([...base, 'onnx/model.onnx']);
    expect(modelFilePaths({}, 'q4f16')).toEqual([...base, 'onnx/model_q4f16.onnx']);
    expect(modelFilePaths({}, 'q8').at(-1)).toBe('onnx/model_quantized.onnx');
  });

  it('adds external data chunks as transformers.js_config says', () => {
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
    // A per-file map: the full file name first, then the graph's name.
    expect(externalDataChunks(config({ 'model_q4f16.onnx': 2, model: 1 }), 'q4f16')).toBe(2);
    expect(externalDataChunks(config({ model: 1 }), 'q4')).toBe(1);
    expect(externalDataChunks(config({ 'model_fp16.onnx': 2 }), 'q4')).toBe(0);
    expect(externalDataChunks(config(false), 'q4')).toBe(0);
  });

  it('refuses a chunk count transformers.js would refuse', () => {
    for (const format of [101, -1, 'many', 1.5]) {
      expect(() => modelFilePaths(config(format), 'q4')).toThrow(
        expect.objectContaining({
          code: 'model-corrupt',
          details: expect.stringMatching(/external data/),
        }),
      );
    }
  });
});
