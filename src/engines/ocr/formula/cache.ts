/**
 * The formula model's files are kept where transformers.js keeps the LLMs'
 * ('transformers-cache', keyed by URL), so the service worker's offline
 * rules and the stored-models view treat them alike. This module is light
 * (no ONNX Runtime): the UI and the worker ask it whether the model is
 * already on this device and how big its download is.
 */
import type { FormulaModelEntry } from '../../../core/ocr/formula/models';

export const MODEL_CACHE = 'transformers-cache';

export interface FormulaLocation {
  model: FormulaModelEntry;
  folderUrl: string;
}

export function formulaFileUrls(where: FormulaLocation): string[] {
  return [where.model.encoder, where.model.decoder].map((f) => new URL(f, where.folderUrl).href);
}

async function openCache(): Promise<Cache | null> {
  if (typeof caches === 'undefined') return null;
  return caches.open(MODEL_CACHE).catch(() => null);
}

/** True when both graphs are in the cache: reading formulas then needs no network. */
export async function isFormulaModelStored(where: FormulaLocation): Promise<boolean> {
  const cache = await openCache();
  if (!cache) return false;
  for (const url of formulaFileUrls(where)) if (!(await cache.match(url))) return false;
  return true;
}

/**
 * Bytes to download: the registry's figure when it has one, else what the
 * server says the two graphs weigh (HEAD), else null (unknown).
 */
export async function formulaDownloadBytes(where: FormulaLocation): Promise<number | null> {
  if (where.model.bytes) return where.model.bytes;
  let total = 0;
  for (const url of formulaFileUrls(where)) {
    const response = await fetch(url, { method: 'HEAD' }).catch(() => null);
    const length = Number(
      response?.headers.get('x-linked-size') ?? response?.headers.get('content-length') ?? NaN,
    );
    if (!response?.ok || !Number.isFinite(length) || length <= 0) return null;
    total += length;
  }
  return total;
}

/** A file from the cache, else downloaded (with progress) and kept there. */
export async function cachedBytes(
  url: string,
  onProgress?: (loaded: number, total: number) => void,
): Promise<Uint8Array> {
  const cache = await openCache();
  const hit = await cache?.match(url);
  if (hit) {
    const bytes = new Uint8Array(await hit.arrayBuffer());
    onProgress?.(bytes.length, bytes.length);
    return bytes;
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  const reader = response.body?.getReader();
  let bytes: Uint8Array<ArrayBuffer>;
  if (!reader) {
    bytes = new Uint8Array(await response.arrayBuffer());
  } else {
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      onProgress?.(loaded, Math.max(total, loaded));
    }
    bytes = new Uint8Array(loaded);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
  }
  onProgress?.(bytes.length, bytes.length);
  // Kept whole only: a partial file in the cache would look downloaded.
  await cache
    ?.put(url, new Response(bytes, { headers: { 'content-length': String(bytes.length) } }))
    .catch(() => {});
  return bytes;
}
