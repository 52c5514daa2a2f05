/**
 * The files of a model as transformers.js 4 names, reads and caches them:
 * one place for the app, the LLM worker's store, the service worker, the
 * exporter and the CLIs.
 */
import { AppError } from './errors';
import type { Dtype } from './registry';

/** transformers.js's file names per dtype (onnx/model{suffix}.onnx). */
export const SUFFIX: Record<Dtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
};

/** transformers.js's Cache API bucket, keyed by file URL. */
export const CACHE_NAME = 'transformers-cache';

/** transformers.js refuses more external data chunks than this (hub/constants.js). */
const MAX_EXTERNAL_DATA_CHUNKS = 100;

/**
 * The files transformers.js 4 reads to load a decoder-only model (Qwen2) with
 * this dtype, relative to the model's folder: the config, the optional
 * generation config, the tokenizer, the ONNX graph and, when config.json's
 * `transformers.js_config.use_external_data_format` says so, its external
 * data chunks (model-loader.js: true = 1 chunk, a number = that many, or a
 * per-file map).
 */
export function modelFilePaths(config: unknown, dtype: Dtype): string[] {
  const onnx = `model${SUFFIX[dtype]}.onnx`;
  const chunks = externalDataChunks(config, onnx, 'model');
  return [
    'config.json',
    'generation_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    `onnx/${onnx}`,
    ...Array.from({ length: chunks }, (_, i) => `onnx/${onnx}_data${i === 0 ? '' : `_${i}`}`),
  ];
}

function externalDataChunks(config: unknown, fullName: string, baseName: string): number {
  const custom = isRecord(config) ? config['transformers.js_config'] : undefined;
  const format = isRecord(custom) ? custom.use_external_data_format : undefined;
  const value = isRecord(format) ? (format[fullName] ?? format[baseName]) : format;
  const chunks = Number(value ?? 0);
  if (!Number.isInteger(chunks) || chunks < 0 || chunks > MAX_EXTERNAL_DATA_CHUNKS) {
    throw new AppError('model-corrupt', {
      details: `config.json asks for ${String(value)} external data files`,
    });
  }
  return chunks;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
