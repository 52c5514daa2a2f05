/**
 * Models on this device. Every file a model needs is put into
 * transformers.js's own cache ("transformers-cache", keyed by URL, in the
 * form transformers.js reads), so the worker loads from the device alone.
 *
 * Large files come in parts of PART_BYTES by HTTP range requests, each part
 * kept as it arrives, so a dropped connection costs at most one part and
 * the next Solve resumes. A file enters the model cache only whole, with its
 * size checked; a kept file whose size does not match is fetched again. The
 * record of a stored model (its files, sizes and date) is written last.
 */
import { formatBytes } from '../../core/bytes';
import { AppError, describeThrown, isAbortError } from '../../core/errors';
import { failureError } from '../../core/failure';
import { modelFilePaths, TRANSFORMERS_CACHE } from '../../core/model-files';
import {
  PART_BYTES,
  parseStoredRecord,
  partIndexOf,
  partKey,
  partRange,
  type StoredRecord,
  totalFromContentRange,
} from '../../core/model-store';
import type { Dtype, ModelEntry } from '../../core/registry';

const PARTS_CACHE = 'math-tutor-parts';
const RECORDS_CACHE = 'math-tutor-stored';

export interface StoreProgress {
  /** Bytes on the device so far, of `total`. */
  loaded: number;
  total: number;
}

/** Which model, where, in which dtype. */
export interface StoreTarget {
  modelId: string;
  /** The model's name as the student sees it, for messages. */
  name: string;
  folder: string;
  dtype: Dtype;
  /** The download size the registry announces for this dtype, when known. */
  expectedBytes?: number;
}

export interface EnsureRequest extends StoreTarget {
  signal?: AbortSignal;
  onProgress?: (progress: StoreProgress) => void;
}

export interface EnsureResult {
  /** Bytes fetched now (0: the model was already stored). */
  downloaded: number;
}

const recordUrl = (folder: string) => `${folder}math-tutor-stored.json`;

export async function readRecord(folder: string): Promise<StoredRecord | undefined> {
  if (typeof caches === 'undefined') return undefined;
  const cache = await caches.open(RECORDS_CACHE);
  const response = await cache.match(recordUrl(folder));
  return parseStoredRecord(await response?.json().catch(() => undefined));
}

async function writeRecord(record: StoredRecord): Promise<void> {
  const cache = await caches.open(RECORDS_CACHE);
  await cache.put(recordUrl(record.folder), Response.json(record));
}

/**
 * Whether this page may keep files at all. A browser that partitions storage
 * refuses Cache Storage to a cross-site iframe (the tutor embedded in a course
 * page) with a SecurityError: the model is then fetched on every visit, as
 * transformers.js does without a cache.
 */
export async function storageUsable(): Promise<boolean> {
  if (typeof caches === 'undefined') return false;
  try {
    await caches.open(TRANSFORMERS_CACHE);
    return true;
  } catch {
    return false;
  }
}

/** Whether a model can load from this device alone (its record says every file is here). */
export async function isStored(folder: string): Promise<boolean> {
  return (await readRecord(folder).catch(() => undefined)) !== undefined;
}

/**
 * Before a solve, cheaply (no file is read): how many bytes are still to
 * come, and whether they fit. The student is asked about a large download
 * with this number; the download itself runs in the LLM worker.
 */
export async function planDownload(target: StoreTarget): Promise<{ missingBytes?: number }> {
  if (!(await storageUsable())) return {};
  const record = await readRecord(target.folder);
  if (record?.dtypes[target.dtype]) return { missingBytes: 0 };
  const cache = await caches.open(TRANSFORMERS_CACHE);
  const config = await (await cache.match(`${target.folder}config.json`))
    ?.json()
    .catch(() => undefined);
  let have = 0;
  if (config !== undefined) {
    const paths = (() => {
      try {
        return modelFilePaths(config, target.dtype);
      } catch {
        return [];
      }
    })();
    for (const path of paths) {
      const kept = await cache.match(target.folder + path);
      have += Number(kept?.headers.get('content-length') ?? 0) || 0;
    }
  }
  if (target.expectedBytes === undefined) return {};
  const missingBytes = Math.max(0, target.expectedBytes - have);
  await checkRoom(missingBytes, target.name);
  return { missingBytes };
}

/** Makes sure every file of `dtype` is stored and whole, downloading what is missing. */
export async function ensureStored(request: EnsureRequest): Promise<EnsureResult> {
  const { dtype, folder, signal } = request;
  const params = { model: request.name };
  const cache = await caches.open(TRANSFORMERS_CACHE);
  const record = await readRecord(folder);
  const known = record?.dtypes[dtype]?.files ?? {};

  const configUrl = `${folder}config.json`;
  if (!(await wholeFile(cache, configUrl, known['config.json']))) {
    await downloadFile(cache, configUrl, { params, ...(signal ? { signal } : {}) });
  }
  const config = await (await cache.match(configUrl))?.json().catch(() => undefined);
  if (config === undefined) {
    await cache.delete(configUrl);
    throw new AppError('model-corrupt', { params, details: `${configUrl} is not JSON` });
  }
  const paths = modelFilePaths(config, dtype);

  const sizes: Record<string, number> = {};
  const missing: string[] = [];
  for (const path of paths) {
    const bytes = await wholeFile(cache, folder + path, known[path]);
    if (bytes === undefined) missing.push(path);
    else sizes[path] = bytes;
  }
  const have = Object.values(sizes).reduce((a, b) => a + b, 0);
  const expected = request.expectedBytes;
  let total = expected !== undefined ? Math.max(expected, have) : have;
  let loaded = have;
  const report = () => request.onProgress?.({ loaded, total: Math.max(total, loaded) });
  report();
  let downloaded = 0;
  for (const path of missing) {
    signal?.throwIfAborted();
    let fileTotal: number | undefined;
    sizes[path] = await downloadFile(cache, folder + path, {
      params,
      ...(signal ? { signal } : {}),
      onTotal: (bytes, already) => {
        fileTotal = bytes;
        loaded += already;
        if (expected === undefined) total += bytes;
        report();
      },
      onBytes: (bytes) => {
        loaded += bytes;
        downloaded += bytes;
        report();
      },
    });
    if (fileTotal === undefined && expected === undefined) total += sizes[path] ?? 0;
  }
  if (missing.length > 0 || !record?.dtypes[dtype]) {
    const next: StoredRecord = record ?? {
      version: 1,
      modelId: request.modelId,
      name: request.name,
      folder,
      dtypes: {},
    };
    next.name = request.name;
    next.dtypes[dtype] = { storedAt: Date.now(), files: sizes };
    await writeRecord(next);
  }
  return { downloaded };
}

/**
 * The size of a kept file if it is whole: the body's size equals the size it
 * was stored with and, where the record knows it, the size it should have.
 * A file that fails is removed, to be fetched again.
 */
async function wholeFile(
  cache: Cache,
  url: string,
  recorded: number | undefined,
): Promise<number | undefined> {
  const kept = await cache.match(url);
  if (!kept) return undefined;
  const header = Number(kept.headers.get('content-length') ?? Number.NaN);
  const size = (await kept.blob()).size;
  if (
    (Number.isFinite(header) && header !== size) ||
    (recorded !== undefined && recorded !== size)
  ) {
    await cache.delete(url);
    return undefined;
  }
  return size;
}

async function checkRoom(bytes: number, model: string): Promise<void> {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  if (estimate?.quota === undefined) return;
  const free = estimate.quota - (estimate.usage ?? 0);
  // Headroom for the browser's own bookkeeping.
  if (free < bytes * 1.05) {
    throw new AppError('storage-full', {
      params: { model, needed: formatBytes(bytes), free: formatBytes(Math.max(0, free)) },
    });
  }
}

interface DownloadOptions {
  params: Record<string, string>;
  signal?: AbortSignal;
  /** The file's size once known, and how much of it was already kept in parts. */
  onTotal?: (bytes: number, already: number) => void;
  onBytes?: (bytes: number) => void;
}

/**
 * One file into the model cache, whole. Parts kept from an interrupted
 * download are reused if the server says the file has not changed
 * (If-Range); a server without range support sends the whole file, which is
 * then streamed straight into the cache.
 */
async function downloadFile(cache: Cache, url: string, options: DownloadOptions): Promise<number> {
  const parts = await caches.open(PARTS_CACHE);
  const kept = await keptParts(parts, url);
  let index = kept.length;
  const validator = kept[0]?.validator;
  let total = kept[0]?.total;
  const already = kept.reduce((sum, part) => sum + part.bytes, 0);
  if (total !== undefined) options.onTotal?.(total, already);

  for (;;) {
    options.signal?.throwIfAborted();
    const headers: Record<string, string> = { Range: partRange(index) };
    if (index > 0 && validator) headers['If-Range'] = validator;
    const response = await request(
      url,
      { headers, ...(options.signal ? { signal: options.signal } : {}) },
      options.params,
    );
    if (response.status === 416 && index > 0) break; // the file ended exactly at a part boundary
    if (response.status === 200) {
      // No range support, or the file changed since the kept parts: all of it, now.
      await dropParts(parts, url);
      return streamWhole(cache, url, response, options);
    }
    if (response.status !== 206) throw statusError(url, response.status, options.params);
    const partTotal = totalFromContentRange(response.headers.get('content-range'));
    if (total === undefined && partTotal !== undefined) {
      total = partTotal;
      options.onTotal?.(total, already);
    }
    const body = await readCounting(response, options, url);
    const nextValidator =
      validator ?? response.headers.get('etag') ?? response.headers.get('last-modified') ?? '';
    await putOrFail(
      parts,
      partKey(url, index),
      new Response(body, {
        headers: {
          'content-length': String(body.size),
          'x-validator': nextValidator,
          'x-total': total !== undefined ? String(total) : '',
        },
      }),
      options.params,
    );
    index++;
    if (body.size < PART_BYTES || (total !== undefined && index * PART_BYTES >= total)) break;
  }
  return assemble(cache, parts, url, index, total, options.params);
}

interface KeptPart {
  index: number;
  bytes: number;
  validator: string;
  total: number | undefined;
}

/** The parts of `url` kept so far, from the first, as long as they are contiguous and agree. */
async function keptParts(parts: Cache, url: string): Promise<KeptPart[]> {
  const found = new Map<number, Request>();
  for (const key of await parts.keys()) {
    const index = partIndexOf(key.url, url);
    if (index !== undefined) found.set(index, key);
  }
  const kept: KeptPart[] = [];
  for (let index = 0; found.has(index); index++) {
    const response = await parts.match(found.get(index) as Request);
    const bytes = Number(response?.headers.get('content-length'));
    const validator = response?.headers.get('x-validator') ?? '';
    const totalHeader = response?.headers.get('x-total');
    const total = totalHeader ? Number(totalHeader) : undefined;
    if (!response || bytes !== PART_BYTES || (kept[0] && kept[0].validator !== validator)) break;
    kept.push({ index, bytes, validator, total });
  }
  // Without a validator the server cannot tell us whether the file changed.
  if (kept.length > 0 && !kept[0]?.validator) {
    await dropParts(parts, url);
    return [];
  }
  return kept;
}

async function dropParts(parts: Cache, url: string): Promise<void> {
  for (const key of await parts.keys()) {
    if (partIndexOf(key.url, url) !== undefined) await parts.delete(key);
  }
}

/** The parts joined into one body (disk-backed blobs: nothing is copied into memory). */
async function assemble(
  cache: Cache,
  parts: Cache,
  url: string,
  count: number,
  total: number | undefined,
  params: Record<string, string>,
): Promise<number> {
  const blobs: Blob[] = [];
  for (let index = 0; index < count; index++) {
    const part = await parts.match(partKey(url, index));
    if (!part)
      throw new AppError('download-interrupted', {
        params,
        details: `${url}: part ${index} vanished`,
      });
    blobs.push(await part.blob());
  }
  const whole = new Blob(blobs);
  if (total !== undefined && whole.size !== total) {
    await dropParts(parts, url);
    throw new AppError('model-corrupt', {
      params,
      details: `${url}: ${whole.size} bytes arrived, the server announced ${total}`,
    });
  }
  await putOrFail(
    cache,
    url,
    new Response(whole, { headers: { 'content-length': String(whole.size) } }),
    params,
  );
  await dropParts(parts, url);
  return whole.size;
}

/**
 * A whole response into the cache as it arrives. Cache.put commits only after
 * the last byte, so a dropped connection leaves nothing behind. The stored
 * content-length is the stored size (transformers.js sizes its read buffer by
 * it; a compressed transfer announces the compressed size).
 */
async function streamWhole(
  cache: Cache,
  url: string,
  response: Response,
  options: DownloadOptions,
): Promise<number> {
  const announced = Number(response.headers.get('content-length') ?? 0);
  if (announced) options.onTotal?.(announced, 0);
  let bytes = 0;
  const counted = response.body?.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        options.onBytes?.(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
  const headers = new Headers({ 'content-type': response.headers.get('content-type') ?? '' });
  try {
    await cache.put(url, new Response(counted ?? null, { headers }));
  } catch (error) {
    throw await transferError(error, url, options);
  }
  if (announced && bytes !== announced && !response.headers.get('content-encoding')) {
    await cache.delete(url);
    throw new AppError('download-interrupted', {
      params: options.params,
      details: `${url}: ${bytes} of ${announced} bytes arrived`,
    });
  }
  const stored = await cache.match(url);
  if (stored) {
    headers.set('content-length', String(bytes));
    await cache.put(url, new Response(await stored.blob(), { headers }));
  }
  return bytes;
}

async function readCounting(
  response: Response,
  options: DownloadOptions,
  url: string,
): Promise<Blob> {
  const reader = response.body?.getReader();
  if (!reader) return response.blob();
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      options.onBytes?.(value.byteLength);
    }
  } catch (error) {
    throw await transferError(error, url, options);
  }
  return new Blob(chunks as BlobPart[]);
}

async function request(
  url: string,
  init: RequestInit,
  params: Record<string, string>,
): Promise<Response> {
  try {
    return await fetch(url, { ...init, credentials: 'omit' });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw await transferError(error, url, { params }, false);
  }
}

/**
 * A fetch that failed before any answer (offline, CORS, no host) or a body
 * that stopped mid-file (a dropped connection: the next Solve resumes).
 */
async function transferError(
  error: unknown,
  url: string,
  options: Pick<DownloadOptions, 'params' | 'signal'>,
  midFile = true,
) {
  if (isAbortError(error) || options.signal?.aborted) return error;
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return new AppError('storage-full', { params: options.params, details: describeThrown(error) });
  }
  const online = navigator.onLine;
  if (midFile && online) {
    return new AppError('download-interrupted', {
      params: options.params,
      details: `${url}: ${describeThrown(error)}`,
    });
  }
  // No answer at all: a `no-cors` request is answered (opaquely) only when the server is there.
  const answersWithoutCors = online
    ? await fetch(url, { mode: 'no-cors', credentials: 'omit', method: 'HEAD' }).then(
        () => true,
        () => false,
      )
    : undefined;
  return failureError(
    error,
    { during: 'load', online, ...(answersWithoutCors !== undefined ? { answersWithoutCors } : {}) },
    { params: options.params, where: url },
  );
}

async function putOrFail(
  cache: Cache,
  key: string,
  response: Response,
  params: Record<string, string>,
) {
  try {
    await cache.put(key, response);
  } catch (error) {
    const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
    throw new AppError(quota ? 'storage-full' : 'download-interrupted', {
      params,
      details: `saving ${key}: ${describeThrown(error)}`,
    });
  }
}

function statusError(url: string, status: number, params: Record<string, string>): AppError {
  const code =
    status === 404 || status === 410
      ? 'model-missing'
      : status === 401 || status === 403
        ? 'model-blocked'
        : 'download-interrupted';
  return new AppError(code, { params, details: `${url}: HTTP ${status}` });
}

export interface StoredModel {
  folder: string;
  modelId: string;
  name: string;
  bytes: number;
  /** When its last file was stored; undefined for files kept by an older version of the app. */
  storedAt?: number;
}

/** Every model with files on this device, found from the records and the cache itself. */
export async function listStored(
  models: readonly ModelEntry[],
  folderOf: (entry: ModelEntry) => string,
): Promise<StoredModel[]> {
  if (typeof caches === 'undefined') return [];
  const cache = await caches.open(TRANSFORMERS_CACHE);
  const keys = (await cache.keys()).map((k) => k.url);
  const out: StoredModel[] = [];
  for (const entry of models) {
    const folder = folderOf(entry);
    const files = keys.filter((url) => url.startsWith(folder));
    if (files.length === 0) continue;
    let bytes = 0;
    for (const url of files) {
      const response = await cache.match(url);
      bytes += Number(response?.headers.get('content-length') ?? 0) || 0;
    }
    const record = await readRecord(folder);
    const at = record
      ? Math.max(...Object.values(record.dtypes).map((d) => d.storedAt))
      : undefined;
    out.push({
      folder,
      modelId: entry.id,
      name: entry.name,
      bytes,
      ...(at !== undefined && Number.isFinite(at) ? { storedAt: at } : {}),
    });
  }
  return out;
}

/** Removes every file of the model kept under `folder`: whole files, parts and the record. */
export async function deleteStored(folder: string): Promise<void> {
  for (const name of [TRANSFORMERS_CACHE, PARTS_CACHE, RECORDS_CACHE]) {
    const cache = await caches.open(name);
    for (const key of await cache.keys()) {
      if (key.url.startsWith(folder)) await cache.delete(key);
    }
  }
}
