/**
 * What the service worker caches eagerly and what it caches on first use,
 * shared by the service worker (src/app/pwa/sw.ts), the page (keep.ts) and
 * the build (scripts/vite/pwa.ts). Pure: no DOM, no service-worker globals,
 * so it is unit-tested in Node.
 *
 * The build's precache manifest lists every shell and engine file with a
 * content revision. The shell and the LLM engine (ONNX Runtime's wasm) are
 * precached at install; the OCR and Python engines are the "lazy" part: the
 * service worker keeps each file the first time the app fetches it, or when
 * "Make available offline" asks for it, under the same revisioned keys.
 */

import type { ModelEntry } from '../registry';

export type EngineName = 'ocr' | 'python';

/** A precache manifest entry as the build injects it (vite.config.ts adds `bytes`). */
export interface BuildEntry {
  url: string;
  /** Absent or null when the URL itself is versioned (a content hash in the file name). */
  revision?: string | null;
  bytes?: number;
  /** Hex SHA-256 of the build's file, for the lazily kept engine files. */
  sha256?: string;
}

/** The Cache Storage bucket of the lazily cached engine files. */
export const ENGINE_CACHE = 'math-tutor-engines';
/** The bucket that keeps the last models.json seen online. */
export const MODELS_JSON_CACHE = 'math-tutor-models-json';
/** transformers.js's own bucket (model files, keyed by URL); the service worker only reads it. */
export { TRANSFORMERS_CACHE } from '../model-files';

/** Which lazy engine a manifest URL (relative to the app's base) belongs to, if any. */
export function engineOf(url: string): EngineName | undefined {
  if (url.startsWith('tesseract/')) return 'ocr';
  if (url.startsWith('pyodide/')) return 'python';
  return undefined;
}

export function splitManifest(entries: readonly (BuildEntry | string)[]): {
  eager: BuildEntry[];
  lazy: BuildEntry[];
} {
  const eager: BuildEntry[] = [];
  const lazy: BuildEntry[] = [];
  // vite-plugin-pwa adds the web manifest to what the glob already found.
  const seen = new Set<string>();
  for (const raw of entries) {
    const entry = typeof raw === 'string' ? { url: raw, revision: null } : raw;
    if (seen.has(entry.url)) continue;
    seen.add(entry.url);
    (engineOf(entry.url) ? lazy : eager).push(entry);
  }
  return { eager, lazy };
}

/** The WebAssembly features tesseract.js picks its core by (wasm-feature-detect). */
export interface WasmFeatures {
  simd: boolean;
  relaxedSimd: boolean;
}

/**
 * tesseract.js loads one of three LSTM-only cores, chosen in its worker by
 * the browser's wasm features (tesseract.js src/worker-script/browser/getCore.js);
 * keeping only that one saves 7.8 MB.
 */
export function tesseractCore(features: WasmFeatures): string {
  if (features.relaxedSimd) return 'tesseract-core-relaxedsimd-lstm.wasm.js';
  if (features.simd) return 'tesseract-core-simd-lstm.wasm.js';
  return 'tesseract-core-lstm.wasm.js';
}

/** What an engine needs here: the engines, and the OCR languages read. */
export interface EngineNeeds {
  engines: readonly EngineName[];
  /** tesseract language data names ('eng', 'chi_sim'). */
  ocrLanguages: readonly string[];
}

/**
 * The engines a model needs besides the LLM one (precached with the shell):
 * photo reading always, in Chinese too for a model that reads Chinese, and
 * Python for tool-integrated reasoning.
 */
export function enginesFor(entry: ModelEntry): EngineNeeds {
  return {
    engines: entry.tir ? ['ocr', 'python'] : ['ocr'],
    ocrLanguages: entry.languages.includes('zh') ? ['eng', 'chi_sim'] : ['eng'],
  };
}

/** The lazy files the engines need on this device (manifest URLs). */
export function engineFiles(
  lazy: readonly BuildEntry[],
  needs: EngineNeeds,
  features: WasmFeatures,
): BuildEntry[] {
  const core = `tesseract/core/${tesseractCore(features)}`;
  return lazy.filter(({ url }) => {
    const engine = engineOf(url);
    if (!engine || !needs.engines.includes(engine)) return false;
    if (url.startsWith('tesseract/core/')) return url === core;
    const language = ocrLanguageOf(url);
    return language === undefined || needs.ocrLanguages.includes(language);
  });
}

/** 'eng' for tesseract/lang/eng.traineddata. */
export function ocrLanguageOf(url: string): string | undefined {
  return /^tesseract\/lang\/([\w-]+)\.traineddata$/.exec(url)?.[1];
}

/** The smallest modules that validate only with SIMD / relaxed SIMD (from wasm-feature-detect 1.x). */
const SIMD_PROBE = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15,
  253, 98, 11,
];
const RELAXED_SIMD_PROBE = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15,
  65, 2, 253, 15, 253, 128, 2, 11,
];

export function detectWasmFeatures(): WasmFeatures {
  const validate = (bytes: number[]) => {
    try {
      return WebAssembly.validate(new Uint8Array(bytes));
    } catch {
      return false;
    }
  };
  return { simd: validate(SIMD_PROBE), relaxedSimd: validate(RELAXED_SIMD_PROBE) };
}

/** Messages from the page to the active service worker (each answered on a MessagePort). */
export type SwRequest =
  | { type: 'SKIP_WAITING' }
  /** Which lazy files these engines need here, and which are kept already. */
  | { type: 'ENGINE_FILES'; needs: EngineNeeds }
  /** Keep one lazy file (or models.json) now. */
  | { type: 'KEEP'; url: string }
  /** Keep the engine files the browser's HTTP cache holds (fetched before this worker was in charge). */
  | { type: 'BACKFILL' };

export interface EngineFile {
  /** Absolute URL. */
  url: string;
  bytes: number;
  cached: boolean;
}

export type SwReply =
  | { type: 'ENGINE_FILES'; files: EngineFile[] }
  | { type: 'KEPT'; bytes: number }
  | { type: 'FAILED'; message: string };

/** Keys of unversioned precache entries carry the revision in this parameter (Workbox). */
export const REVISION_PARAM = '__WB_REVISION__';

/** A cache key without Workbox's revision parameter: the URL it stands for. */
export function urlOfCacheKey(key: string): string {
  const url = new URL(key);
  url.searchParams.delete(REVISION_PARAM);
  return url.href;
}
