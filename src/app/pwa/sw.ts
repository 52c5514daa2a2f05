/// <reference lib="webworker" />
/**
 * The service worker (built by vite-plugin-pwa's injectManifest from this
 * file; the build injects the precache manifest at `self.__WB_MANIFEST`).
 * docs/offline.md describes what is cached where and why.
 *
 * - Shell + LLM engine (index.html, JS, CSS, fonts, icons, ONNX Runtime's
 *   wasm): precached at install, served cache-first. Workbox keys them by
 *   content revision and swaps versions only at activation, so a page never
 *   mixes files of two builds.
 * - OCR and Python engines (tesseract/**, pyodide/**): kept on first use, or
 *   when "Make available offline" asks (sw-engines.ts).
 * - Model weights: never stored here. transformers.js keeps them in
 *   'transformers-cache' and reads them from there itself, so no model URL
 *   is routed, except that an offline probe of a model's config.json is
 *   answered from that cache.
 * - models.json: network first, the last good copy offline.
 */
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { clientsClaim } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import {
  type BuildEntry,
  MODELS_JSON_CACHE,
  type SwReply,
  type SwRequest,
  splitManifest,
  TRANSFORMERS_CACHE,
} from '../../core/pwa/engines';
import { EngineStore } from './sw-engines';

declare const self: ServiceWorkerGlobalScope;

const scope = self.registration.scope;
const manifest: (BuildEntry | string)[] = self.__WB_MANIFEST;
const { eager, lazy } = splitManifest(manifest);
precacheAndRoute(eager.map(({ url, revision }) => ({ url, revision: revision ?? null })));
cleanupOutdatedCaches();
clientsClaim();

// Any in-scope navigation is the app (its state is in the query), except
// documents that are files (the e2e harness pages, a model's JSON opened in a tab).
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/^[^?]*\.[^/?]*(?:\?.*)?$/],
  }),
);

// A deployment edits models.json without a rebuild: the network's copy wins
// whenever there is one.
const modelsJsonUrl = new URL('models.json', scope).href;
registerRoute(
  ({ url }) => url.href === modelsJsonUrl,
  new NetworkFirst({
    cacheName: MODELS_JSON_CACHE,
    networkTimeoutSeconds: 5,
    plugins: [new CacheableResponsePlugin({ statuses: [200] })],
  }),
);

// The app asks whether a self-hosted model's folder answers (useModelReachable).
// Offline, the copy transformers.js kept answers for it, so a downloaded
// model is not reported as missing. Online the request passes through.
registerRoute(
  ({ url, request }) => request.mode !== 'navigate' && url.pathname.endsWith('/config.json'),
  async ({ request }) => {
    try {
      return await fetch(request);
    } catch (error) {
      const kept = await (await caches.open(TRANSFORMERS_CACHE)).match(request.url);
      if (kept) return kept;
      throw error;
    }
  },
);

// Lazily kept engines (OCR, Python).
const engines = new EngineStore(lazy, scope);
registerRoute(
  ({ url }) => engines.keyFor(url.href) !== undefined,
  ({ url, event }) => engines.respond(url.href, (promise) => event.waitUntil(promise)),
);

async function keepModelsJson(): Promise<number> {
  const response = await fetch(modelsJsonUrl, { cache: 'no-cache' });
  // Absent is normal (most deployments use only the built-in models).
  if (response.status !== 200) return 0;
  const body = await response.blob();
  await (await caches.open(MODELS_JSON_CACHE)).put(
    modelsJsonUrl,
    new Response(body, { headers: response.headers }),
  );
  return body.size;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    Promise.all([engines.carryOver(true), keepModelsJson().catch(() => 0)]).then(() => {}),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    engines
      .carryOver(false)
      .then(() => engines.dropStale())
      .then(() => engines.backfill())
      .catch(() => {}),
  );
});

async function answer(request: SwRequest): Promise<SwReply> {
  switch (request.type) {
    case 'ENGINE_FILES':
      return { type: 'ENGINE_FILES', files: await engines.describe(request.needs) };
    case 'KEEP': {
      const bytes =
        request.url === modelsJsonUrl ? await keepModelsJson() : await engines.keep(request.url);
      return { type: 'KEPT', bytes };
    }
    case 'BACKFILL':
      return { type: 'KEPT', bytes: await engines.backfill() };
    case 'SKIP_WAITING':
      await self.skipWaiting();
      return { type: 'KEPT', bytes: 0 };
  }
}

self.addEventListener('message', (event) => {
  const request = event.data as SwRequest | undefined;
  if (!request || typeof request.type !== 'string') return;
  const port = event.ports[0];
  event.waitUntil(
    answer(request).then(
      (reply) => port?.postMessage(reply),
      (error: unknown) =>
        port?.postMessage({
          type: 'FAILED',
          message: error instanceof Error ? error.message : String(error),
        } satisfies SwReply),
    ),
  );
});
