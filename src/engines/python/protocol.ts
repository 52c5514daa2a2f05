/**
 * What a Python engine's proxy (the browser client, or the Node runner) and
 * its worker say to each other: the engine's interface, and its calls as a
 * map for the generic wire (../rpc). A run cannot be interrupted from outside
 * (Python holds the thread): the proxy terminates the worker instead.
 */
import type { Call, FromWorker, ToWorker } from '../rpc/calls';

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

/** The worker's calls (src/engines/rpc/calls.ts has the wire format). */
export type PythonCalls = {
  init: Call<PythonEngineConfig, InitResult, InitProgress>;
  run: Call<RunRequest, RunOutcome>;
  'end-session': Call<{ session: string }, null>;
};

export type PythonRequest = ToWorker<PythonCalls>;
export type PythonReply = FromWorker<PythonCalls>;

/** A run's outcome as it arrives, checked: the worker runs code a model wrote. */
export function isRunOutcome(value: unknown): value is RunOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const field = (name: string) => Reflect.get(value, name);
  return (
    typeof field('output') === 'string' &&
    typeof field('ok') === 'boolean' &&
    typeof field('ms') === 'number' &&
    typeof field('heapBytes') === 'number' &&
    typeof field('fatal') === 'boolean'
  );
}

/**
 * The browser worker fetches nothing itself: it runs in an opaque origin with
 * no network of its own (client-frame.ts), so it asks the app for every file it
 * needs (Pyodide's runtime, its standard library, the packages) by URL, and
 * the app answers from its own origin, service worker included (client-files.ts).
 */
export interface FileRequest {
  type: 'python-file';
  id: number;
  url: string;
}

export type FileReply =
  | { type: 'python-file'; id: number; bytes: ArrayBuffer }
  | { type: 'python-file'; id: number; error: string };

export function isFileRequest(data: unknown): data is FileRequest {
  return (
    typeof data === 'object' &&
    data !== null &&
    Reflect.get(data, 'type') === 'python-file' &&
    typeof Reflect.get(data, 'id') === 'number' &&
    typeof Reflect.get(data, 'url') === 'string'
  );
}

export function isFileReply(data: unknown): data is FileReply {
  return (
    typeof data === 'object' &&
    data !== null &&
    Reflect.get(data, 'type') === 'python-file' &&
    typeof Reflect.get(data, 'id') === 'number' &&
    (Reflect.get(data, 'bytes') instanceof ArrayBuffer ||
      typeof Reflect.get(data, 'error') === 'string')
  );
}
