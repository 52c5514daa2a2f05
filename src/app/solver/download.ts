/**
 * Before a model download: is it already cached, will it fit, and is it big
 * enough that the student should agree first (CONTRACT.md: above 100 MB)?
 */
import { formatBytes } from '../../core/bytes';
import { AppError } from '../../core/errors';
import { onnxFileName, TRANSFORMERS_CACHE } from '../../core/model-files';
import type { Dtype, ModelEntry } from '../../core/registry';

export { formatBytes };

export type DownloadCheck = { kind: 'go' } | { kind: 'confirm'; bytes: number };

export async function checkDownload(
  entry: ModelEntry,
  dtype: Dtype,
  folderUrl: string,
  confirmAbove: number,
): Promise<DownloadCheck> {
  const bytes = entry.sizes?.[dtype];
  if (!bytes) return { kind: 'go' };
  if (await isCached(`${folderUrl}onnx/${onnxFileName(dtype)}`)) return { kind: 'go' };
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  if (estimate?.quota !== undefined) {
    const free = estimate.quota - (estimate.usage ?? 0);
    // Headroom for the tokenizer, config files and the browser's own bookkeeping.
    if (free < bytes * 1.05) {
      throw new AppError('storage-full', {
        params: {
          model: entry.name,
          needed: formatBytes(bytes),
          free: formatBytes(Math.max(0, free)),
        },
      });
    }
  }
  return bytes > confirmAbove ? { kind: 'confirm', bytes } : { kind: 'go' };
}

async function isCached(url: string): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  try {
    const cache = await caches.open(TRANSFORMERS_CACHE);
    return (await cache.match(url)) !== undefined;
  } catch {
    return false;
  }
}
