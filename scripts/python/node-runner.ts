/**
 * The Python engine in Node: a worker thread behind the same proxy as the
 * app's client, so `npm run py`, `npm run eval --mode tir` and the tests run
 * programs exactly as the browser does, time limits and sandbox included.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PackagesManifest } from '../../src/engines/python/packages';
import {
  DEFAULT_MEMORY_LIMIT_BYTES,
  type PortFactory,
  PythonProxy,
  type PythonProxyOptions,
} from '../../src/engines/python/proxy';
import { CACHE_DIR, defaultIndexUrl, ensurePythonPackages, indexWheels, PYODIDE_DIR } from './pack';

const require = createRequire(import.meta.url);

export interface NodeRunnerOptions extends Omit<PythonProxyOptions, 'config'> {
  /** Install sympy and mpmath (the packed copy, built on first use). Default true. */
  packages?: boolean;
  /** A python-packages.json to use instead (a file: or http: URL); null for none. */
  packagesManifestUrl?: string | null;
  /** Modules to import at start-up. Default none: a CLI run should not pay for sympy unless it uses it. */
  preimport?: string[];
  memoryLimitBytes?: number;
  /** Progress of a first-time pack, for CLIs. */
  log?: (message: string) => void;
}

/**
 * The worker thread's entry: Node 20 does not apply `--import tsx` to a worker
 * thread's own entry, so a small bootstrap imports the TypeScript worker
 * through tsx's API (this works under tsx and under vitest alike).
 */
const TSX_API = pathToFileURL(
  path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs'),
).href;
const WORKER_ENTRY = new URL('./node-worker.ts', import.meta.url).href;
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then(({ tsImport }) => tsImport(${JSON.stringify(WORKER_ENTRY)}, ${JSON.stringify(WORKER_ENTRY)}));`;

/** Starts worker threads running the engine worker. */
export const nodePort: PortFactory = (handlers) => {
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    // Nothing a program does may print to this process's stdout (`npm run py` prints one result).
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  worker.on('message', (reply) => handlers.onReply(reply));
  worker.on('error', (error: unknown) =>
    handlers.onCrash(error instanceof Error ? error.message : String(error)),
  );
  worker.on('exit', (code) => handlers.onCrash(`the worker thread exited with code ${code}`));
  return {
    post: (message) => worker.postMessage(message),
    terminate: () => {
      void worker.terminate();
    },
  };
};

/** The manifest a Node worker loads packages from: the packed copy, else the package index. */
export async function nodePackagesManifest(log?: (message: string) => void): Promise<string> {
  const packed = await ensurePythonPackages({ log });
  if (packed) return pathToFileURL(packed.manifestPath).href;
  const manifest: PackagesManifest = {
    version: 1,
    archive: null,
    index: {
      url: process.env.PYODIDE_PACKAGE_INDEX_URL ?? (await defaultIndexUrl()),
      wheels: await indexWheels(),
    },
  };
  const file = path.join(CACHE_DIR, 'python-packages-index.json');
  await mkdir(CACHE_DIR, { recursive: true });
  await writeFile(file, JSON.stringify(manifest, null, 2));
  return pathToFileURL(file).href;
}

export async function createNodePythonRunner(
  options: NodeRunnerOptions = {},
): Promise<PythonProxy> {
  const manifestUrl =
    options.packagesManifestUrl !== undefined
      ? options.packagesManifestUrl
      : options.packages === false
        ? null
        : await nodePackagesManifest(options.log);
  return new PythonProxy(nodePort, {
    idleMs: 0,
    ...options,
    config: {
      indexURL: PYODIDE_DIR,
      packagesManifestUrl: manifestUrl,
      preimport: options.preimport ?? [],
      memoryLimitBytes: options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES,
    },
  });
}
