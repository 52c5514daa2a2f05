/**
 * Checkpoint folder → a folder transformers.js loads as is:
 *
 *   config.json               the checkpoint's, plus transformers.js_config
 *                             naming any external-data chunks per ONNX file
 *   generation_config.json    copied (or made from config.json's eos ids)
 *   tokenizer.json, tokenizer_config.json (with the chat template)
 *   onnx/model{,_fp16,_q4,_q4f16}.onnx [+ .onnx_data, .onnx_data_1, …]
 *   manifest.json             files, sizes and sha256, and a models.json entry
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { externalDataFileName, onnxFileName, SHARED_FILES } from '../../src/core/model-files';
import { checkpointTensors, parseQwen2Config, type Qwen2Config } from './config';
import { writeModel } from './onnx-writer';
import { type ExportDtype, planFor } from './plan';
import { buildQwen2Graph } from './qwen2-graph';
import { CheckpointError, SafetensorsReader } from './safetensors';
import type { WrittenFile } from './sink';
import { copyTokenizer } from './tokenizer';

export interface ExportOptions {
  from: string;
  out: string;
  dtypes: ExportDtype[];
  /** q4 blocks with zero points (asymmetric) instead of symmetric ones. */
  zeroPoints?: boolean;
  /** q4: keep an untied lm_head in float (see Plan.floatLmHead). */
  floatLmHead?: boolean;
  external?: 'auto' | 'always' | 'never';
  /** Tests shrink this to exercise multi-chunk external data on tiny models. */
  chunkBytes?: number;
  inlineLimit?: number;
  log?: (message: string) => void;
}

export interface FileEntry {
  path: string;
  bytes: number;
  sha256: string;
}

export interface ExportResult {
  config: Qwen2Config;
  /** Every file of the folder, relative to it. */
  files: FileEntry[];
  /** Download size per dtype: its ONNX files plus the shared JSON files. */
  sizes: Partial<Record<ExportDtype, number>>;
  seconds: Partial<Record<ExportDtype, number>>;
}

export function exportModel(options: ExportOptions): ExportResult {
  const log = options.log ?? (() => {});
  const rawConfig = readJson(path.join(options.from, 'config.json'));
  const config = parseQwen2Config(rawConfig);
  const reader = new SafetensorsReader(options.from);
  try {
    checkShapes(reader, config);
    mkdirSync(path.join(options.out, 'onnx'), { recursive: true });
    const chunks: Record<string, number> = {};
    const onnxFiles: Partial<Record<ExportDtype, FileEntry[]>> = {};
    const seconds: Partial<Record<ExportDtype, number>> = {};
    for (const dtype of options.dtypes) {
      const started = performance.now();
      const file = onnxFileName(dtype);
      removeOld(path.join(options.out, 'onnx'), file);
      const graph = buildQwen2Graph(
        config,
        planFor(dtype, { zeroPoints: options.zeroPoints, floatLmHead: options.floatLmHead }),
        (name) => reader.readF32(name),
      );
      const written = writeModel(path.join(options.out, 'onnx', file), graph, {
        external: options.external ?? 'auto',
        ...(options.chunkBytes ? { chunkBytes: options.chunkBytes } : {}),
        ...(options.inlineLimit ? { inlineLimit: options.inlineLimit } : {}),
      });
      if (written.length > 1) chunks[file] = written.length - 1;
      onnxFiles[dtype] = written.map((w) => relative(options.out, w));
      seconds[dtype] = (performance.now() - started) / 1000;
      const bytes = written.reduce((sum, w) => sum + w.bytes, 0);
      log(`${dtype}: ${file} ${(bytes / 1e6).toFixed(1)} MB in ${seconds[dtype]?.toFixed(1)} s`);
    }
    const shared = writeSharedFiles(options, rawConfig, chunks);
    const sharedBytes = shared.reduce((sum, f) => sum + f.bytes, 0);
    const sizes: Partial<Record<ExportDtype, number>> = {};
    for (const [dtype, files] of Object.entries(onnxFiles) as [ExportDtype, FileEntry[]][]) {
      sizes[dtype] = sharedBytes + files.reduce((sum, f) => sum + f.bytes, 0);
    }
    const files = [...shared, ...Object.values(onnxFiles).flat()];
    return { config, files, sizes, seconds };
  } finally {
    reader.close();
  }
}

function checkShapes(reader: SafetensorsReader, c: Qwen2Config): void {
  for (const { name, shape } of checkpointTensors(c)) {
    if (!reader.has(name)) throw new CheckpointError(`The checkpoint has no tensor "${name}".`);
    const actual = reader.info(name).shape;
    if (actual.join(',') !== shape.join(',')) {
      throw new CheckpointError(
        `Tensor "${name}" has shape [${actual}], config.json implies [${shape}].`,
      );
    }
  }
}

function writeSharedFiles(
  options: ExportOptions,
  rawConfig: Record<string, unknown>,
  chunks: Record<string, number>,
): FileEntry[] {
  const out = options.out;
  // Keep chunk counts of dtypes exported earlier into the same folder.
  const previous = existsSync(path.join(out, 'config.json'))
    ? readJson(path.join(out, 'config.json'))
    : {};
  const previousChunks = ((
    previous['transformers.js_config'] as Record<string, unknown> | undefined
  )?.use_external_data_format ?? {}) as Record<string, number>;
  const merged: Record<string, number> = {};
  for (const [file, count] of Object.entries(previousChunks)) {
    const reexported = options.dtypes.some((d) => onnxFileName(d) === file);
    const firstChunk = path.join(out, 'onnx', externalDataFileName(file, 0));
    if (!reexported && existsSync(firstChunk)) merged[file] = count;
  }
  Object.assign(merged, chunks);
  const { 'transformers.js_config': jsConfigRaw, ...config } = rawConfig;
  const jsConfig = { ...((jsConfigRaw as object | undefined) ?? {}) } as Record<string, unknown>;
  delete jsConfig.use_external_data_format;
  if (Object.keys(merged).length > 0) jsConfig.use_external_data_format = merged;
  if (Object.keys(jsConfig).length > 0) config['transformers.js_config'] = jsConfig;
  writeFileSync(path.join(out, 'config.json'), JSON.stringify(config, null, 2));

  const generation = path.join(options.from, 'generation_config.json');
  const generationConfig = existsSync(generation)
    ? readJson(generation)
    : { bos_token_id: rawConfig.bos_token_id, eos_token_id: rawConfig.eos_token_id };
  writeFileSync(
    path.join(out, 'generation_config.json'),
    JSON.stringify(generationConfig, null, 2),
  );
  copyTokenizer(options.from, out);
  return SHARED_FILES.map((file) => hashFile(out, file));
}

/** A re-export must not leave chunks of an earlier, larger export behind. */
function removeOld(dir: string, file: string): void {
  for (const name of readdirSync(dir)) {
    if (name === file || name.startsWith(`${file}_data`)) rmSync(path.join(dir, name));
  }
}

function hashFile(dir: string, file: string): FileEntry {
  const data = readFileSync(path.join(dir, file));
  return {
    path: file,
    bytes: statSync(path.join(dir, file)).size,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}

function relative(dir: string, w: WrittenFile): FileEntry {
  return {
    path: path.relative(dir, w.path).split(path.sep).join('/'),
    bytes: w.bytes,
    sha256: w.sha256,
  };
}

function readJson(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new CheckpointError(`${file} does not exist.`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new CheckpointError(`${file} is not valid JSON.`);
  }
}
