/**
 * "Make available offline": puts every file the selected model needs on this
 * device into transformers.js's own cache, in the form transformers.js writes
 * and reads, and has the service worker keep the engines that model uses.
 * docs/offline.md has the reasons.
 */
import { chooseBackend, probeWebGpu } from '../../core/backend';
import { AppError } from '../../core/errors';
import { modelFilePaths, TRANSFORMERS_CACHE } from '../../core/model-files';
import { enginesFor } from '../../core/pwa/engines';
import { type Backend, type Dtype, type ModelEntry, modelFolderUrl } from '../../core/registry';
import { ensureStored } from '../../engines/llm/client';
import { appConfig } from '../config';
import {
  activeServiceWorker,
  engineFilesHere,
  existingServiceWorker,
  keepInServiceWorker,
  serviceWorkerSupported,
} from './register';

/**
 * The dtype the solver would load on this device: the same choice and the
 * same probe as the LLM worker's (src/core/backend.ts), run here because the
 * worker need not be running. A forced WASM backend needs no probe.
 */
export async function dtypeOnThisDevice(entry: ModelEntry, forced?: Backend): Promise<Dtype> {
  const caps =
    forced === 'wasm' ? { webgpu: false, shaderF16: false } : await probeWebGpu(navigator.gpu);
  const choice = chooseBackend(entry, caps, forced);
  if ('error' in choice) throw new AppError('webgpu-unavailable');
  return choice.dtype;
}

export interface KeepProgress {
  loaded: number;
  total: number;
}

export interface KeepRequest {
  entry: ModelEntry;
  dtype: Dtype;
  onProgress: (progress: KeepProgress) => void;
  signal?: AbortSignal;
}

/**
 * Keeps the engines first (a few MB), then the model's missing files, one at
 * a time. Each file is written whole or not at all (Cache.put commits only
 * after the last byte), so an interruption loses at most the file in flight
 * and pressing the button again resumes with the files still missing.
 */
export async function keepForOffline({ entry, dtype, onProgress, signal }: KeepRequest) {
  const folder = modelFolderUrl(entry, appConfig.hubHost);
  // Ask the browser not to evict what the student explicitly kept (a no-op where it is not granted).
  void navigator.storage?.persist?.().catch(() => false);

  const worker = await activeServiceWorker();
  const engineFiles = worker ? await engineFilesHere(worker, enginesFor(entry)) : [];
  const missingEngines = engineFiles.filter((file) => !file.cached);
  const engineTotal = missingEngines.reduce((sum, file) => sum + file.bytes, 0);
  let engineLoaded = 0;
  let model = { loaded: 0, total: entry.sizes?.[dtype] ?? 0 };
  const report = () => {
    const loaded = engineLoaded + model.loaded;
    onProgress({ loaded, total: Math.max(engineTotal + model.total, loaded) });
  };
  report();

  if (worker) {
    await keepInServiceWorker(worker, new URL('models.json', document.baseURI).href);
    for (const file of missingEngines) {
      signal?.throwIfAborted();
      await keepInServiceWorker(worker, file.url);
      engineLoaded += file.bytes;
      report();
    }
  }
  // The model's files go where a solve puts them, in parts that survive a drop.
  await ensureStored({
    modelId: entry.id,
    name: entry.name,
    dtype,
    folder,
    ...(entry.sizes?.[dtype] !== undefined ? { expectedBytes: entry.sizes[dtype] } : {}),
    ...(signal ? { signal } : {}),
    onProgress: (progress) => {
      model = progress;
      report();
    },
  });
}

/**
 * Whether the model (for the dtype used here) and its engines are all on this
 * device. Reads caches only, and probes WebGPU only for a model whose
 * config.json is kept.
 */
export async function isKeptForOffline(entry: ModelEntry, forced?: Backend): Promise<boolean> {
  const folder = modelFolderUrl(entry, appConfig.hubHost);
  const cache = await caches.open(TRANSFORMERS_CACHE);
  const config = await cache.match(`${folder}config.json`);
  if (!config) return false;
  const dtype = await dtypeOnThisDevice(entry, forced);
  for (const path of modelFilePaths(await config.json(), dtype)) {
    if (!(await cache.match(folder + path))) return false;
  }
  // Without service workers (dev server, insecure origin) the model is all there is to keep.
  if (!serviceWorkerSupported()) return true;
  const worker = await existingServiceWorker();
  if (!worker) return false;
  return (await engineFilesHere(worker, enginesFor(entry))).every((file) => file.cached);
}
