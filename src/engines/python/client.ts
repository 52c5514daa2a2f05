/**
 * The app's Python engine: a module worker behind the proxy (time limits,
 * restarts, idle shutdown). Usable as the TIR loop's CodeRunner; call warm()
 * when the student picks "With Python" so Pyodide and sympy load while they
 * type.
 */
import { webWorkerPort } from '../rpc/port';
import { PACKAGES_MANIFEST } from './packages';
import {
  DEFAULT_MEMORY_LIMIT_BYTES,
  type PythonPortFactory,
  PythonProxy,
  type PythonProxyOptions,
} from './proxy';

export interface PythonClientOptions extends Omit<PythonProxyOptions, 'config'> {
  /** Where Pyodide's files are served; default `<app base>/pyodide/`. */
  assetsBase?: string;
  /** Modules to import while warming up; default sympy. */
  preimport?: string[];
  memoryLimitBytes?: number;
  createPort?: PythonPortFactory;
}

const browserPort: PythonPortFactory = webWorkerPort(
  () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'python' }),
);

export function defaultAssetsBase(): string {
  return new URL(`${import.meta.env.BASE_URL}pyodide/`, location.href).href;
}

export class PythonClient extends PythonProxy {
  constructor(options: PythonClientOptions = {}) {
    const base = options.assetsBase ?? defaultAssetsBase();
    super(options.createPort ?? browserPort, {
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
