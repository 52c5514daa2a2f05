/**
 * The Python engine inside a worker: loads Pyodide and the packages, installs
 * the executor, then locks the sandbox before the first program runs. What
 * differs between the browser and Node (how Pyodide and bytes are loaded, what
 * else to disarm) comes in through `PythonEnvironment`.
 */
import { AppError, describeThrown } from '../../core/errors';
import {
  type ByteSource,
  type InstalledPackages,
  installPackages,
  isPackagesManifest,
} from './packages';
import type {
  InitProgress,
  InitResult,
  PythonEngineApi,
  PythonEngineConfig,
  RunOutcome,
  RunRequest,
} from './protocol';
import { type Pyodide, PythonRunner } from './runner';
import { createJsGlobals, limitWasmMemory, lockdownGlobalScope } from './sandbox';

export interface PythonEnvironment {
  /** Loads Pyodide from config.indexURL with `jsglobals` as Python's `js` module. */
  loadPyodide(config: PythonEngineConfig, jsglobals: object): Promise<Pyodide>;
  bytes: ByteSource;
  /** Disarms what only this environment has (Node: its built-in modules). */
  lockdown?(): void;
}

const NO_JS = 'Python code here cannot use JavaScript.';

/**
 * Modules model code cannot import, and why. `js` (Pyodide's window on the
 * JavaScript globals) and `pyodide.ffi` / `pyodide.code` (its bridge) serve
 * no program the official executor runs: it runs CPython, where they do not
 * exist.
 */
export const BLOCKED_MODULES: Record<string, string> = {
  js: `js is unavailable: ${NO_JS}`,
  'pyodide.ffi': `pyodide.ffi is unavailable: ${NO_JS}`,
  'pyodide.code': `pyodide.code is unavailable: ${NO_JS}`,
  micropip:
    'micropip is unavailable: Python code here runs offline and cannot install packages (sympy and mpmath are installed).',
  'pyodide.http':
    'pyodide.http is unavailable: Python code here runs offline and cannot make network requests.',
  pyodide_js: 'pyodide_js is unavailable: Python code here cannot control the Python engine.',
  ctypes: 'ctypes is unavailable: Python code here runs in a sandbox.',
  _ctypes: 'ctypes is unavailable: Python code here runs in a sandbox.',
};

/** Entry points of Pyodide's API that load code or reach the host; disarmed after start-up. */
const API_ENTRY_POINTS = [
  'loadPackage',
  'loadPackagesFromImports',
  'mountNodeFS',
  'mountNativeFS',
  'useNodeSockFS',
  'registerJsModule',
  'registerComlink',
  'runPythonAsync',
  'unpackArchive',
];
const INTERNAL_ENTRY_POINTS = ['loadScript', 'loadBinaryFile', 'loadDynlib', 'install'];

export class PythonEngine implements PythonEngineApi {
  private ready: Promise<InitResult> | undefined;
  private runner: PythonRunner | undefined;

  constructor(private readonly env: PythonEnvironment) {}

  init(
    config: PythonEngineConfig,
    options: { onProgress?: (progress: InitProgress) => void } = {},
  ): Promise<InitResult> {
    this.ready ??= this.start(config, options.onProgress);
    return this.ready;
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    if (!this.runner) {
      throw new AppError('python-not-ready');
    }
    return this.runner.run(request.session, request.code);
  }

  async endSession(session: string): Promise<void> {
    this.runner?.endSession(session);
  }

  private async start(
    config: PythonEngineConfig,
    onProgress: ((progress: InitProgress) => void) | undefined,
  ): Promise<InitResult> {
    const t0 = performance.now();
    limitWasmMemory(config.memoryLimitBytes);
    onProgress?.({ stage: 'runtime', loaded: 0, total: 0 });
    let pyodide: Pyodide;
    try {
      pyodide = await this.env.loadPyodide(config, createJsGlobals());
    } catch (error) {
      throw new AppError('python-load', { details: describeThrown(error), cause: error });
    }
    // Nothing a program prints may reach the console (or a CLI's stdout): the executor captures it.
    pyodide.setStdout({ batched: () => {} });
    pyodide.setStderr({ batched: () => {} });
    pyodide.setStdin({ error: true });
    const runner = PythonRunner.install(pyodide);
    const t1 = performance.now();

    const blocked = { ...BLOCKED_MODULES };
    let installed: InstalledPackages = { from: 'archive', packages: {} };
    let packagesFrom: InitResult['packagesFrom'] = 'none';
    let packagesError: string | undefined;
    if (config.packagesManifestUrl) {
      try {
        installed = await this.installPackages(pyodide, config.packagesManifestUrl, onProgress);
        packagesFrom = installed.from;
      } catch (error) {
        packagesError = error instanceof Error ? error.message : String(error);
        for (const name of ['sympy', 'mpmath']) {
          blocked[name] =
            `${name} could not be loaded (${packagesError}). Connect to the internet once so the app can download it.`;
        }
      }
    }
    const t2 = performance.now();

    for (const [i, name] of config.preimport.entries()) {
      onProgress?.({ stage: 'imports', loaded: i, total: config.preimport.length });
      try {
        pyodide.runPython(`import ${name}`);
      } catch {
        // A missing optional module is reported when a program imports it.
      }
    }
    const t3 = performance.now();

    // Not blocked but gone: a program that removes its import blocks finds no `js` module.
    pyodide.unregisterJsModule('js');
    pyodide.unregisterJsModule('pyodide_js');
    runner.lockdown(blocked);
    disarmApi(pyodide);
    lockdownGlobalScope();
    this.env.lockdown?.();
    this.runner = runner;
    const result: InitResult = {
      pyodideVersion: pyodide.version,
      packages: installed.packages,
      packagesFrom,
      ms: { runtime: t1 - t0, packages: t2 - t1, imports: t3 - t2, total: performance.now() - t0 },
    };
    if (packagesError) result.packagesError = packagesError;
    return result;
  }

  private async installPackages(
    pyodide: Pyodide,
    manifestUrl: string,
    onProgress: ((progress: InitProgress) => void) | undefined,
  ): Promise<InstalledPackages> {
    const text = new TextDecoder().decode(await this.env.bytes.bytes(manifestUrl));
    const manifest: unknown = JSON.parse(text);
    if (!isPackagesManifest(manifest)) throw new Error(`${manifestUrl} is not a package manifest`);
    return installPackages(pyodide, manifest, manifestUrl, this.env.bytes, (loaded, total) =>
      onProgress?.({ stage: 'packages', loaded, total }),
    );
  }
}

function disarmApi(pyodide: Pyodide): void {
  const stub = (name: string) => () => {
    throw new Error(`pyodide.${name} is disabled once the sandbox is locked.`);
  };
  const disarm = (target: object | undefined, names: string[]) => {
    if (!target) return;
    for (const name of names) {
      if (!(name in target)) continue;
      try {
        Object.defineProperty(target, name, { value: stub(name), writable: false });
      } catch {}
    }
  };
  disarm(pyodide, API_ENTRY_POINTS);
  disarm((pyodide as unknown as { _api?: object })._api, INTERNAL_ENTRY_POINTS);
}
