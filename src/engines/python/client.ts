/**
 * The app's Python engine: a module worker in a sandboxed frame of its own
 * (client-frame.ts), behind the proxy (time limits, restarts, idle
 * shutdown). Usable as the TIR loop's CodeRunner; call warm() when the
 * student picks "With Python" so Pyodide and sympy load while they type.
 */
import { webWorkerPort } from '../rpc/port';
import { type FilePortFactory, serveFiles } from './client-files';
import { framePort } from './client-frame';
import { PACKAGES_MANIFEST } from './packages';
import {
  DEFAULT_MEMORY_LIMIT_BYTES,
  type PythonPortFactory,
  PythonProxy,
  type PythonProxyOptions,
} from './proxy';
import workerUrl from './worker.ts?worker&url';

export interface PythonClientOptions extends Omit<PythonProxyOptions, 'config'> {
  /** Where Pyodide's files are served; default `<app base>/pyodide/`. */
  assetsBase?: string;
  /** Modules to import while warming up; default sympy. */
  preimport?: string[];
  memoryLimitBytes?: number;
  /**
   * Where the worker runs: in a sandboxed frame, its own process (the
   * default in a build), or in the page (the dev server's workers are not
   * one self-contained file, so they cannot start in the frame).
   */
  host?: 'frame' | 'page';
  /** How long a frame may take to start before the page hosts the worker instead. */
  frameConnectMs?: number;
}

const pageWorker: FilePortFactory = webWorkerPort(
  () => new Worker(workerUrl, { type: 'module', name: 'python' }),
);

async function workerCode(): Promise<string> {
  const response = await fetch(workerUrl);
  if (!response.ok) throw new Error(`${workerUrl} could not be loaded (HTTP ${response.status})`);
  return response.text();
}

export function defaultAssetsBase(): string {
  return new URL(`${import.meta.env.BASE_URL}pyodide/`, location.href).href;
}

function browserPort(indexURL: string, options: PythonClientOptions): PythonPortFactory {
  const host = options.host ?? (import.meta.env.DEV ? 'page' : 'frame');
  const inner =
    host === 'frame' ? framePort(workerCode, pageWorker, options.frameConnectMs) : pageWorker;
  return serveFiles(inner, indexURL);
}

export class PythonClient extends PythonProxy {
  constructor(options: PythonClientOptions = {}) {
    const base = options.assetsBase ?? defaultAssetsBase();
    super(browserPort(base, options), {
      ...options,
      config: {
        indexURL: base,
        packagesManifestUrl: new URL(PACKAGES_MANIFEST, base).href,
        preimport: options.preimport ?? ['sympy'],
        memoryLimitBytes: options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES,
      },
    });
  }
}
