/**
 * The Python engine in Node: a worker thread behind the same proxy as the
 * app's client, so `npm run py`, `npm run eval --mode tir` and the tests run
 * programs exactly as the browser does, time limits and sandbox included.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeWorkerPort } from '../rpc/node-port';
import {
  CACHE_DIR,
  defaultIndexUrl,
  ensurePythonPackages,
  indexWheels,
  PYODIDE_DIR,
} from './node-pack';
import type { PackagesManifest } from './packages';
import {
  DEFAULT_MEMORY_LIMIT_BYTES,
  type PythonPortFactory,
  PythonProxy,
  type PythonProxyOptions,
} from './proxy';

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

/** Starts worker threads running the engine worker (node-worker.ts). */
export const nodePort: PythonPortFactory = nodeWorkerPort(
  new URL('./node-worker.ts', import.meta.url),
);

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
