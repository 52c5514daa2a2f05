import { isPromptStyle, type PromptStyle } from './prompts';

/**
 * The model registry: which models the tutor can run, where their files live
 * and how to prompt them. Built-in entries can be re-hosted at build time
 * (VITE_MODEL_HOST) and extended or overridden at run time by `models.json`
 * next to index.html, so a school can serve models from its own server
 * without a rebuild.
 */
export type Backend = 'webgpu' | 'wasm';
export type Dtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';
export const DTYPES: readonly Dtype[] = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'];

export interface ModelDtypes {
  /** WebGPU on an adapter with `shader-f16`. Falls back to `webgpu` when absent. */
  webgpuF16?: Dtype;
  webgpu: Dtype;
  wasm: Dtype;
}

export interface ModelEntry {
  id: string;
  name: string;
  /** A Hugging Face repo id, fetched from `hubHost`. Exactly one of hubRepo/baseUrl. */
  hubRepo?: string;
  /** An absolute URL of the folder holding config.json, tokenizer.json and onnx/. */
  baseUrl?: string;
  dtype: ModelDtypes;
  /** Total download in bytes per dtype, when known: asked about above 100 MB. */
  sizes?: Partial<Record<Dtype, number>>;
  promptStyle: PromptStyle;
  tir: boolean;
  languages: string[];
  /** Longest prompt + generation the model supports, in tokens. */
  contextLength: number;
}

export const DEFAULT_HUB_HOST = 'https://huggingface.co/';

/** Where a model's files are fetched from: an absolute folder URL. */
export function modelFolderUrl(entry: ModelEntry, hubHost = DEFAULT_HUB_HOST): string {
  if (entry.baseUrl) return entry.baseUrl.endsWith('/') ? entry.baseUrl : `${entry.baseUrl}/`;
  if (!entry.hubRepo) throw new Error(`Model ${entry.id} has neither baseUrl nor hubRepo.`);
  const host = hubHost.endsWith('/') ? hubHost : `${hubHost}/`;
  return `${host}${entry.hubRepo}/resolve/main/`;
}

/**
 * The built-in models. `modelHost` is the build-time default host for models
 * we export ourselves (Qwen2-Math has no public ONNX build); without it the
 * Qwen2-Math entry points at `<app>/models/qwen2-math-1.5b-instruct/`, where a
 * deployment that hosts it puts the exported folder.
 */
export function builtinModels(options: { modelHost?: string; appBase: string }): ModelEntry[] {
  const host = options.modelHost
    ? ensureSlash(options.modelHost)
    : new URL('models/', options.appBase).href;
  return [
    {
      id: 'qwen2-math-1.5b-instruct',
      name: 'Qwen2-Math 1.5B Instruct',
      baseUrl: new URL('qwen2-math-1.5b-instruct/', host).href,
      dtype: { webgpuF16: 'q4f16', webgpu: 'q4', wasm: 'q4' },
      // Our exporter's output for the 1.5B shapes (docs/models.md); sizes depend
      // only on the shapes, so these hold for the real weights.
      sizes: { q4f16: 1_234_196_812, q4: 1_758_675_229, fp16: 3_093_868_079 },
      promptStyle: 'qwen-boxed',
      tir: false,
      languages: ['en'],
      contextLength: 4096,
    },
    {
      id: 'qwen2.5-math-1.5b-instruct',
      name: 'Qwen2.5-Math 1.5B Instruct',
      hubRepo: 'onnx-community/Qwen2.5-Math-1.5B-Instruct',
      dtype: { webgpuF16: 'q4f16', webgpu: 'q4', wasm: 'q4' },
      sizes: { q4f16: 1_210_000_000, q4: 1_760_000_000 },
      promptStyle: 'qwen25-math-cot',
      tir: true,
      languages: ['en', 'zh'],
      contextLength: 4096,
    },
  ];
}

function ensureSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

/**
 * Reads a models.json document: `{ "models": [entry, …] }`. Relative baseUrls
 * resolve against the manifest's own URL, so a folder of models can be copied
 * anywhere with its manifest.
 */
export function parseManifest(json: unknown, manifestUrl: string): ModelEntry[] {
  return readManifest(json, manifestUrl).models;
}

export interface Manifest {
  models: ModelEntry[];
  /**
   * `"hub": false` keeps the tutor from ever contacting the Hugging Face Hub
   * (a school that hosts its models and wants nothing to leave its network):
   * Hub entries are then shown as not available, and never asked for.
   */
  hub: boolean;
}

export function readManifest(json: unknown, manifestUrl: string): Manifest {
  if (!isRecord(json) || !Array.isArray(json.models)) {
    throw new ManifestError('models.json must be an object with a "models" array.');
  }
  if (json.hub !== undefined && typeof json.hub !== 'boolean') {
    throw new ManifestError('models.json "hub" must be true or false.');
  }
  return {
    models: json.models.flatMap((raw, index) =>
      // Formula recognisers ("task": "formula") are read by src/core/ocr/formula/models.ts.
      isRecord(raw) && raw.task === 'formula' ? [] : [parseEntry(raw, index, manifestUrl)],
    ),
    hub: json.hub !== false,
  };
}

function parseEntry(raw: unknown, index: number, manifestUrl: string): ModelEntry {
  const where = `models.json entry ${index}`;
  if (!isRecord(raw)) throw new ManifestError(`${where} is not an object.`);
  const id = raw.id;
  if (typeof id !== 'string' || !/^[\w.-]+$/.test(id)) {
    throw new ManifestError(`${where} needs an "id" of letters, digits, ".", "_" or "-".`);
  }
  const hubRepo = optionalString(raw.hubRepo, `${where} (${id}) hubRepo`);
  const baseUrl = optionalString(raw.baseUrl, `${where} (${id}) baseUrl`);
  if (!hubRepo === !baseUrl) {
    throw new ManifestError(`${where} (${id}) needs exactly one of "hubRepo" or "baseUrl".`);
  }
  if (!isPromptStyle(raw.promptStyle)) {
    throw new ManifestError(`${where} (${id}) has an unknown promptStyle.`);
  }
  const dtype = raw.dtype;
  if (!isRecord(dtype) || !isDtype(dtype.webgpu) || !isDtype(dtype.wasm)) {
    throw new ManifestError(`${where} (${id}) needs "dtype": { "webgpu": …, "wasm": … }.`);
  }
  if (dtype.webgpuF16 !== undefined && !isDtype(dtype.webgpuF16)) {
    throw new ManifestError(`${where} (${id}) has an unknown dtype.webgpuF16.`);
  }
  const entry: ModelEntry = {
    id,
    name: typeof raw.name === 'string' ? raw.name : id,
    dtype: {
      webgpu: dtype.webgpu,
      wasm: dtype.wasm,
      ...(dtype.webgpuF16 ? { webgpuF16: dtype.webgpuF16 } : {}),
    },
    promptStyle: raw.promptStyle,
    tir: raw.tir === true,
    languages: Array.isArray(raw.languages)
      ? raw.languages.filter((l) => typeof l === 'string')
      : ['en'],
    contextLength:
      typeof raw.contextLength === 'number' && raw.contextLength > 0 ? raw.contextLength : 4096,
  };
  if (hubRepo) entry.hubRepo = hubRepo;
  if (baseUrl) entry.baseUrl = new URL(ensureSlash(baseUrl), manifestUrl).href;
  if (isRecord(raw.sizes)) {
    entry.sizes = {};
    for (const [key, value] of Object.entries(raw.sizes)) {
      if (isDtype(key) && typeof value === 'number') entry.sizes[key] = value;
    }
  }
  return entry;
}

/** Manifest entries replace built-ins with the same id and come after them otherwise. */
export function mergeRegistry(builtins: ModelEntry[], extra: ModelEntry[]): ModelEntry[] {
  const byId = new Map(builtins.map((entry) => [entry.id, entry]));
  for (const entry of extra) byId.set(entry.id, entry);
  return [...byId.values()];
}

export function dtypeFor(entry: ModelEntry, backend: Backend, shaderF16: boolean): Dtype {
  if (backend === 'wasm') return entry.dtype.wasm;
  return shaderF16 && entry.dtype.webgpuF16 ? entry.dtype.webgpuF16 : entry.dtype.webgpu;
}

function isDtype(value: unknown): value is Dtype {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

function optionalString(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new ManifestError(`${what} must be a string.`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
