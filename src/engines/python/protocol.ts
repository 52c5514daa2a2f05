/**
 * Messages between a Python engine's proxy (the browser client, or the Node
 * runner) and its worker. Every request carries an `id`; the worker answers
 * with any number of `progress` replies and then exactly one `result` or
 * `error` for that id. A run cannot be interrupted from outside (Python holds
 * the thread): the proxy terminates the worker instead.
 */
import type { SerializedError } from '../../core/errors';

export interface PythonEngineConfig {
  /** Pyodide's files: an absolute URL (browser) or a directory path (Node), ending in '/'. */
  indexURL: string;
  /** URL of python-packages.json (a file: URL in Node); null to load no packages. */
  packagesManifestUrl: string | null;
  /** Modules imported while warming up, so the first program does not pay for them. */
  preimport: string[];
  /** Cap on Python's heap: beyond it, allocations raise MemoryError. */
  memoryLimitBytes: number;
}

export type InitStage = 'runtime' | 'packages' | 'imports';

export interface InitProgress {
  stage: InitStage;
  /** Bytes or items, per stage; total 0 when unknown. */
  loaded: number;
  total: number;
}

export interface InitResult {
  pyodideVersion: string;
  /** name → version of the installed packages. */
  packages: Record<string, string>;
  packagesFrom: 'archive' | 'index' | 'none';
  /** Why the packages could not be installed; programs then run without them. */
  packagesError?: string;
  ms: { runtime: number; packages: number; imports: number; total: number };
}

export interface RunRequest {
  code: string;
  session: string;
}

export interface RunOutcome {
  /** Already stripped and truncated, as the evaluation's executor reports it. */
  output: string;
  ok: boolean;
  ms: number;
  /** Size of the wasm heap after the run (it never shrinks). */
  heapBytes: number;
  /** The interpreter cannot run anything more: the worker must be replaced. */
  fatal: boolean;
}

/** The engine inside the worker. Proxies add time limits, restarts and idle shutdown. */
export interface PythonEngineApi {
  init(
    config: PythonEngineConfig,
    options?: { onProgress?: (progress: InitProgress) => void },
  ): Promise<InitResult>;
  run(request: RunRequest): Promise<RunOutcome>;
  endSession(session: string): Promise<void>;
}

export type PythonRequest =
  | { type: 'init'; id: number; config: PythonEngineConfig }
  | { type: 'run'; id: number; request: RunRequest }
  | { type: 'end-session'; id: number; session: string };

export type PythonReply =
  | { type: 'progress'; id: number; progress: InitProgress }
  | { type: 'result'; id: number; kind: 'init'; result: InitResult }
  | { type: 'result'; id: number; kind: 'run'; result: RunOutcome }
  | { type: 'result'; id: number; kind: 'end-session'; result: null }
  | { type: 'error'; id: number; error: SerializedError };
