/// <reference lib="webworker" />
/**
 * The Python worker entry (a module worker: Pyodide refuses classic ones).
 * Pyodide's files and the packed packages are served by the app under
 * /pyodide/; wheels fetched from a package index are kept in Cache Storage so
 * that the engine works offline after its first use.
 */
import { loadPyodide } from 'pyodide';
import { PythonEngine } from './engine';
import { createPythonHandler } from './handler';
import type { ByteSource } from './packages';
import type { PythonRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const PACKAGE_CACHE = 'math-tutor-python-packages-v1';

// Taken before the sandbox replaces them: only start-up uses them.
const fetchOnce = self.fetch.bind(self);
const cacheStorage: CacheStorage | undefined = self.caches;

/**
 * Same-origin files (Pyodide's, the packed archive) are the service worker's
 * to precache; wheels from another origin are cached here, or a build that
 * relies on a package index would need the network at every start.
 */
const bytes: ByteSource = {
  async bytes(url) {
    const crossOrigin = new URL(url).origin !== self.location.origin;
    const cache = crossOrigin && cacheStorage ? await cacheStorage.open(PACKAGE_CACHE) : undefined;
    const cached = await cache?.match(url);
    const response = cached ?? (await fetchOnce(url));
    if (!response.ok) throw new Error(`${url} could not be downloaded (HTTP ${response.status})`);
    if (cache && !cached) await cache.put(url, response.clone());
    return new Uint8Array(await response.arrayBuffer());
  },
};

const engine = new PythonEngine({
  loadPyodide: (config, jsglobals) => loadPyodide({ indexURL: config.indexURL, jsglobals }),
  bytes,
});

const handle = createPythonHandler(engine, (reply) => self.postMessage(reply));
self.onmessage = (event: MessageEvent<PythonRequest>) => {
  void handle(event.data);
};
