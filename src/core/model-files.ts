/**
 * The files of a model folder, as transformers.js 4 names and reads them, in
 * one place for everything that writes, checks, keeps or loads them: the
 * exporter (scripts/export), the eval CLI, the app's download check and
 * "Make available offline", and the service worker.
 *
 *   config.json, generation_config.json, tokenizer.json, tokenizer_config.json
 *   onnx/model{suffix}.onnx                one graph per dtype
 *   onnx/model{suffix}.onnx_data[_i]       its weights, when config.json's
 *                                          transformers.js_config.use_external_data_format
 *                                          says they are external
 */
import { AppError } from './errors';
import type { Dtype } from './registry';

/** transformers.js's suffix per dtype (utils/dtypes.js DEFAULT_DTYPE_SUFFIX_MAPPING). */
const DTYPE_SUFFIX: Record<Dtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
};

/** The JSON files every model folder has, whatever the dtype. */
export const SHARED_FILES = [
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
] as const;

/** transformers.js's Cache API bucket, keyed by file URL. */
export const TRANSFORMERS_CACHE = 'transformers-cache';

/** transformers.js refuses more external data chunks than this (hub/constants.js). */
export const MAX_EXTERNAL_DATA_CHUNKS = 100;

/** `model_q4.onnx`: the graph's file name, inside the folder's onnx/. */
export function onnxFileName(dtype: Dtype, graph = 'model'): string {
  return `${graph}${DTYPE_SUFFIX[dtype]}.onnx`;
}

/** `model_q4.onnx_data`, `model_q4.onnx_data_1`, …: chunk `index` of a graph's external weights. */
export function externalDataFileName(onnxName: string, index: number): string {
  return `${onnxName}_data${index === 0 ? '' : `_${index}`}`;
}

/**
 * How many external data chunks config.json gives a graph: its
 * `transformers.js_config.use_external_data_format` is true (1), a number, or
 * a map from the file name (`model_q4.onnx`) or the graph's name (`model`) to
 * either (model-loader.js).
 */
export function externalDataChunks(config: unknown, dtype: Dtype, graph = 'model'): number {
  const custom = isRecord(config) ? config['transformers.js_config'] : undefined;
  const format = isRecord(custom) ? custom.use_external_data_format : undefined;
  const value = isRecord(format) ? (format[onnxFileName(dtype, graph)] ?? format[graph]) : format;
  const chunks = Number(value ?? 0);
  if (!Number.isInteger(chunks) || chunks < 0 || chunks > MAX_EXTERNAL_DATA_CHUNKS) {
    throw new AppError('model-corrupt', {
      details: `config.json asks for ${String(value)} external data files`,
    });
  }
  return chunks;
}

/**
 * The files transformers.js reads to load a decoder-only model (Qwen2) with
 * this dtype, relative to the model's folder, given its config.json.
 */
export function modelFilePaths(config: unknown, dtype: Dtype): string[] {
  const onnx = onnxFileName(dtype);
  const chunks = externalDataChunks(config, dtype);
  return [
    ...SHARED_FILES,
    `onnx/${onnx}`,
    ...Array.from({ length: chunks }, (_, i) => `onnx/${externalDataFileName(onnx, i)}`),
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
