/**
 * Which model the eval runs, from `--model`: a folder with config.json, or an
 * id from the app's registry. A folder takes its prompt style and dtype from a
 * models.json that lists it (`npm run test-model` writes DIR/models.json next
 * to DIR/models/ID), else from the exporter's manifest.json inside it, else
 * from the flags.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { onnxFileName } from '../../src/core/model-files';
import type { PromptStyle } from '../../src/core/prompts';
import {
  builtinModels,
  DEFAULT_HUB_HOST,
  DTYPES,
  type Dtype,
  type ModelEntry,
  modelFolderUrl,
  parseManifest,
} from '../../src/core/registry';
import type { EvalArgs } from './args';

export interface ResolvedModel {
  id: string;
  /** A local directory, or an http(s) URL of the folder. */
  folder: string;
  dtype: Dtype;
  promptStyle: PromptStyle;
  contextLength: number;
  /** Where the settings came from, for the header line. */
  source: string;
}

/** The repository root: registry models without a host live under public/models/. */
const ROOT = path.resolve(import.meta.dirname, '..', '..');

export function resolveModel(args: EvalArgs): ResolvedModel {
  if (existsSync(args.model)) return fromFolder(path.resolve(args.model), args);
  if (/[\\/]/.test(args.model) || args.model.startsWith('.')) {
    throw new Error(`no model folder at ${args.model}`);
  }
  return fromRegistry(args);
}

function fromFolder(dir: string, args: EvalArgs): ResolvedModel {
  if (!statSync(dir).isDirectory() || !existsSync(path.join(dir, 'config.json'))) {
    throw new Error(`${args.model} is not a model folder: it has no config.json`);
  }
  const found = listedEntry(dir) ?? manifestEntry(dir);
  const entry = found?.entry;
  const dtype = args.dtype ?? entry?.dtype.wasm ?? detectDtype(dir);
  const file = path.join(dir, 'onnx', onnxFileName(dtype));
  if (!existsSync(file)) {
    const have = DTYPES.filter((d) => existsSync(path.join(dir, 'onnx', onnxFileName(d))));
    throw new Error(
      `${args.model} has no onnx/${onnxFileName(dtype)} for dtype ${dtype}` +
        (have.length > 0 ? ` (it has ${have.join(', ')}; pass --dtype)` : ''),
    );
  }
  return {
    id: entry?.id ?? path.basename(dir),
    folder: dir,
    dtype,
    promptStyle: args.promptStyle ?? entry?.promptStyle ?? 'qwen-boxed',
    contextLength: entry?.contextLength ?? configContextLength(dir),
    source: found ? found.where : 'flags',
  };
}

/** An entry of a models.json in the folder, its parent or grandparent whose baseUrl is this folder. */
function listedEntry(dir: string): { entry: ModelEntry; where: string } | undefined {
  const self = pathToFileURL(`${dir}/`).href;
  for (const up of [dir, path.dirname(dir), path.dirname(path.dirname(dir))]) {
    const file = path.join(up, 'models.json');
    const entries = readEntries(file, (json) => json);
    const entry = entries?.find((e) => e.baseUrl === self);
    if (entry) return { entry, where: file };
  }
  return undefined;
}

function manifestEntry(dir: string): { entry: ModelEntry; where: string } | undefined {
  const file = path.join(dir, 'manifest.json');
  const entries = readEntries(file, (json) => {
    const entry = (json as { entry?: unknown } | null)?.entry;
    return { models: entry === undefined ? [] : [entry] };
  });
  const entry = entries?.[0];
  return entry ? { entry, where: file } : undefined;
}

function readEntries(file: string, shape: (json: unknown) => unknown): ModelEntry[] | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return parseManifest(shape(JSON.parse(readFileSync(file, 'utf8'))), pathToFileURL(file).href);
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function detectDtype(dir: string): Dtype {
  const order: Dtype[] = ['q4', 'fp32', 'q8', 'q4f16', 'fp16'];
  return order.find((d) => existsSync(path.join(dir, 'onnx', onnxFileName(d)))) ?? 'q4';
}

function configContextLength(dir: string): number {
  try {
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as {
      max_position_embeddings?: unknown;
    };
    const n = config.max_position_embeddings;
    return typeof n === 'number' && n > 0 ? n : 4096;
  } catch {
    throw new Error(`${dir}/config.json is not valid JSON`);
  }
}

function fromRegistry(args: EvalArgs): ResolvedModel {
  const modelHost = args.modelHost ?? process.env.VITE_MODEL_HOST;
  const entries = builtinModels({
    ...(modelHost ? { modelHost } : {}),
    appBase: pathToFileURL(path.join(ROOT, 'public', 'index.html')).href,
  });
  const entry = entries.find((e) => e.id === args.model);
  if (!entry) {
    throw new Error(
      `unknown model ${args.model}: a folder with config.json, or one of ${entries.map((e) => e.id).join(', ')}`,
    );
  }
  let folder = modelFolderUrl(entry, args.hubHost ?? DEFAULT_HUB_HOST);
  if (folder.startsWith('file:')) {
    folder = fileURLToPath(folder);
    if (!existsSync(path.join(folder, 'config.json'))) {
      throw new Error(
        `${entry.id} is self-hosted and not at ${path.relative(process.cwd(), folder) || folder}: ` +
          'export it there (docs/models.md) or pass --model-host URL',
      );
    }
  }
  return {
    id: entry.id,
    folder,
    dtype: args.dtype ?? entry.dtype.wasm,
    promptStyle: args.promptStyle ?? entry.promptStyle,
    contextLength: entry.contextLength,
    source: entry.hubRepo ? `registry, Hub repo ${entry.hubRepo}` : 'registry',
  };
}
