/// <reference lib="webworker" />
/**
 * The service worker's store of lazily kept engine files (OCR, Python):
 * under this build's revisioned keys, each file checked against the build's
 * SHA-256 before it is kept, carried over to the next version, and taken from
 * the browser's HTTP cache when the app loaded it before the worker was in
 * charge. docs/offline.md has the reasons.
 */
import { PrecacheController } from 'workbox-precaching';
import {
  type BuildEntry,
  detectWasmFeatures,
  ENGINE_CACHE,
  type EngineFile,
  type EngineName,
  type EngineNeeds,
  engineFiles,
  engineOf,
  ocrLanguageOf,
  urlOfCacheKey,
} from '../../core/pwa/engines';

export class EngineStore {
  // Only maps URLs to revisioned keys; it never installs, so nothing is
  // fetched until the app needs it.
  private readonly keys = new PrecacheController({ cacheName: ENGINE_CACHE });
  private readonly entries: Map<string, BuildEntry>;

  constructor(
    private readonly lazy: readonly BuildEntry[],
    private readonly scope: string,
  ) {
    this.keys.addToCacheList(
      lazy.map(({ url, revision }) => ({ url, revision: revision ?? null })),
    );
    this.entries = new Map(lazy.map((entry) => [new URL(entry.url, scope).href, entry]));
  }

  /** The revisioned key of one of this build's engine files. */
  keyFor(url: string): string | undefined {
    return this.keys.getCacheKeyForURL(url);
  }

  /**
   * Answers the app's request for an engine file: the kept copy, else the
   * network's (the engine reads one branch of the stream as it arrives; the
   * other is checked and kept once whole), else offline the HTTP cache's.
   */
  async respond(url: string, waitUntil: (promise: Promise<unknown>) => void): Promise<Response> {
    const key = this.keyFor(url);
    if (!key) return fetch(url);
    const cache = await caches.open(ENGINE_CACHE);
    const kept = await cache.match(key);
    if (kept) return kept;
    let response: Response;
    try {
      response = await fetch(url, { cache: 'no-cache' });
    } catch (error) {
      const stored = await this.fromHttpCache(url);
      if (!stored) throw error;
      waitUntil(cache.put(key, stored.clone()).catch(() => {}));
      return stored;
    }
    if (usable(response)) {
      waitUntil(
        this.verified(url, response.clone())
          .then((whole) => whole && cache.put(key, whole))
          .catch(() => {}),
      );
    }
    return response;
  }

  /** Keeps one engine file now; resolves to its size. */
  async keep(url: string): Promise<number> {
    const key = this.keyFor(url);
    if (!key) throw new Error(`${url} is not one of this version's engine files.`);
    const bytes = this.entries.get(url)?.bytes ?? 0;
    const cache = await caches.open(ENGINE_CACHE);
    if (await cache.match(key)) return bytes;
    const response = await fetch(url, { cache: 'no-cache' });
    const whole = await this.verified(url, response);
    if (!whole) {
      throw new Error(
        response.ok
          ? `${url} is not the file this version of the app expects; reload the page to update it`
          : `${url} could not be downloaded (HTTP ${response.status})`,
      );
    }
    // Cache.put commits only a whole body: a download cut off half way leaves no entry.
    await cache.put(key, whole);
    return bytes;
  }

  /** The files these engines need on this device, and whether each is kept. */
  async describe(needs: EngineNeeds): Promise<EngineFile[]> {
    const cache = await caches.open(ENGINE_CACHE);
    return Promise.all(
      engineFiles(this.lazy, needs, detectWasmFeatures()).map(async (entry) => {
        const url = new URL(entry.url, this.scope).href;
        const key = this.keyFor(url);
        const cached = key !== undefined && (await cache.match(key)) !== undefined;
        return { url, bytes: entry.bytes ?? 0, cached };
      }),
    );
  }

  /**
   * Engines kept by the previous version are kept by this one too: at install
   * (strict: a failure fails the install, and the previous version stays in
   * charge with everything it had), and again at activation for files kept
   * in between.
   */
  async carryOver(strict: boolean): Promise<void> {
    const cache = await caches.open(ENGINE_CACHE);
    const engines = new Set<EngineName>();
    const ocrLanguages = new Set<string>();
    for (const request of await cache.keys()) {
      const url = urlOfCacheKey(request.url);
      if (!url.startsWith(this.scope)) continue;
      const path = url.slice(this.scope.length);
      const engine = engineOf(path);
      const language = ocrLanguageOf(path);
      if (engine) engines.add(engine);
      if (language) ocrLanguages.add(language);
    }
    if (engines.size === 0) return;
    const needs = { engines: [...engines], ocrLanguages: [...ocrLanguages] };
    for (const file of await this.describe(needs)) {
      if (file.cached) continue;
      try {
        await this.keep(file.url);
      } catch (error) {
        if (strict) throw error;
      }
    }
  }

  /** Drops the files of other versions (after the carry-over). */
  async dropStale(): Promise<void> {
    const cache = await caches.open(ENGINE_CACHE);
    const current = new Set(this.keys.getURLsToCacheKeys().values());
    for (const request of await cache.keys()) {
      if (!current.has(request.url)) await cache.delete(request);
    }
  }

  /**
   * Keeps the engine files the HTTP cache holds, without using the network:
   * an engine started before this worker was in charge (on a first visit)
   * fetched them past it. Resolves to how many bytes were kept.
   */
  async backfill(): Promise<number> {
    const cache = await caches.open(ENGINE_CACHE);
    let bytes = 0;
    for (const [url, key] of this.keys.getURLsToCacheKeys()) {
      if (await cache.match(key)) continue;
      const stored = await this.fromHttpCache(url);
      if (!stored) continue;
      await cache.put(key, stored);
      bytes += this.entries.get(url)?.bytes ?? 0;
    }
    return bytes;
  }

  private async fromHttpCache(url: string): Promise<Response | undefined> {
    try {
      const response = await fetch(url, { cache: 'only-if-cached', mode: 'same-origin' });
      return await this.verified(url, response);
    } catch {
      return undefined;
    }
  }

  /**
   * The whole body, if it is the file this build lists (its SHA-256): a
   * static host mid-deploy, or a stale HTTP cache, may answer with another
   * version under the same name, which must not be kept under this one's key.
   */
  private async verified(url: string, response: Response): Promise<Response | undefined> {
    if (!usable(response)) return undefined;
    const body = await response.arrayBuffer();
    const expected = this.entries.get(url)?.sha256;
    if (expected && (await sha256(body)) !== expected) return undefined;
    return new Response(body, { status: 200, headers: response.headers });
  }
}

/** A whole, same-origin file, not a static host's index.html fallback for a missing one. */
function usable(response: Response): boolean {
  return (
    response.status === 200 &&
    response.type === 'basic' &&
    !response.headers.get('content-type')?.includes('text/html')
  );
}

async function sha256(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
