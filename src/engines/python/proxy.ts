/**
 * The main-thread side of a Python engine, whatever runs the worker (a Web
 * Worker in the app, a worker thread in Node). A running program holds its
 * worker's thread, so a time limit or an abort terminates the worker and
 * starts a fresh one. What a session had defined is then rebuilt by replaying
 * its earlier programs, output discarded: the official evaluation gets the
 * same effect by re-running every earlier program before each new one.
 */

import { AppError, abortError, toAppError } from '../../core/errors';
import type { CodeRunner, RunOptions, RunResult } from '../../core/tir';
import { TIMEOUT_MESSAGE } from '../../core/tir/format';
import type { ToWorker } from '../rpc/calls';
import { type Connection, EngineClient } from '../rpc/client';
import type { PortFactory } from '../rpc/port';
import { SerialQueue, withAbort } from '../rpc/queue';
import { runtimeFailure } from './failure';
import {
  type InitProgress,
  type InitResult,
  isRunOutcome,
  type PythonCalls,
  type PythonEngineConfig,
  type RunOutcome,
} from './protocol';

/** How a proxy starts a Python worker: a Web Worker, a worker thread, a sandboxed frame's worker. */
export type PythonPortFactory = PortFactory<ToWorker<PythonCalls>>;

export type PythonStatus =
  | { state: 'stopped' }
  | { state: 'loading'; progress: InitProgress }
  | { state: 'ready'; info: InitResult }
  | { state: 'failed'; error: AppError };

export interface PythonProxyOptions {
  config: PythonEngineConfig;
  /** Default time limit per run. Default 10 s, as the issue; the evaluation uses 5–10 s. */
  timeoutMs?: number;
  /** Stop the worker after this long without work (0: never). Default 5 minutes. */
  idleMs?: number;
  /** Replace the worker after a run leaves its heap above this (wasm memory never shrinks). */
  recycleAboveBytes?: number;
  onStatus?: (status: PythonStatus) => void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_IDLE_MS = 5 * 60_000;
export const DEFAULT_MEMORY_LIMIT_BYTES = 1024 * 2 ** 20;
export const DEFAULT_RECYCLE_ABOVE_BYTES = 512 * 2 ** 20;

type Worker = Connection<PythonCalls>;

interface Journal {
  /** The worker generation holding this session's namespace. */
  generation: number;
  /** Programs to replay into a fresh worker. */
  history: string[];
}

export class PythonProxy implements CodeRunner {
  private readonly engine: EngineClient<PythonCalls>;
  /** Each worker's start-up (Pyodide, packages, imports). */
  private readonly ready = new WeakMap<Worker, Promise<InitResult>>();
  private readonly journals = new Map<string, Journal>();
  private readonly progressListeners = new Set<(progress: InitProgress) => void>();
  private readonly queue = new SerialQueue();
  private disposed = false;
  private readonly timeoutMs: number;
  private readonly recycleAboveBytes: number;

  constructor(
    createPort: PythonPortFactory,
    private readonly options: PythonProxyOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.recycleAboveBytes = options.recycleAboveBytes ?? DEFAULT_RECYCLE_ABOVE_BYTES;
    this.engine = new EngineClient<PythonCalls>(createPort, {
      idleMs: options.idleMs ?? DEFAULT_IDLE_MS,
      // The worker died outside Python's control (in a browser, often memory).
      crashError: (details) => new AppError('python-crashed', { details }),
      checks: { run: isRunOutcome },
      onStart: (worker) => this.initialize(worker),
      onStop: () => this.options.onStatus?.({ state: 'stopped' }),
    });
  }

  /** Starts the engine in the background (or joins the start under way). */
  async warm(
    options: { signal?: AbortSignal; onProgress?: (progress: InitProgress) => void } = {},
  ): Promise<InitResult> {
    const { signal, onProgress } = options;
    if (signal?.aborted) throw abortError();
    if (onProgress) this.progressListeners.add(onProgress);
    try {
      return await withAbort(this.readyOf(this.worker()), signal);
    } finally {
      if (onProgress) this.progressListeners.delete(onProgress);
    }
  }

  /** Runs a program in a session; the result is the executor's output or error line. */
  run(code: string, options: RunOptions): Promise<RunResult> {
    return this.queue.run(() => this.runInSession(code, options), options.signal);
  }

  async endSession(session: string): Promise<void> {
    this.journals.delete(session);
    if (!this.engine.running) return;
    await this.engine.call('end-session', { session }).catch(() => {});
  }

  /** Stops the worker for good; later calls fail. */
  dispose(): void {
    this.disposed = true;
    this.engine.stop(new AppError('aborted', { details: 'Python was stopped' }));
    this.journals.clear();
  }

  private async runInSession(code: string, options: RunOptions): Promise<RunResult> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    let worker = await this.readyWorker();
    const journal = this.journals.get(options.session);
    if (journal && journal.generation !== worker.generation) {
      journal.generation = worker.generation;
      for (const earlier of journal.history) {
        const replayed = await this.execute(worker, earlier, options, timeoutMs);
        if (replayed.fatal || !worker.alive) break;
      }
      worker = await this.readyWorker();
      journal.generation = worker.generation;
    }
    const outcome = await this.execute(worker, code, options, timeoutMs);
    this.record(options.session, code, outcome, worker.generation);
    if (outcome.fatal || outcome.heapBytes > this.recycleAboveBytes) this.restart(worker);
    return { output: outcome.output, ok: outcome.ok };
  }

  /** Programs that ran to an end (even an exception) are replayed; from the others, their imports. */
  private record(session: string, code: string, outcome: RunOutcome, generation: number): void {
    let journal = this.journals.get(session);
    if (!journal) {
      journal = { generation, history: [] };
      this.journals.set(session, journal);
    }
    const killed = outcome.fatal || outcome.output === TIMEOUT_MESSAGE;
    const kept = killed
      ? code
          .split('\n')
          .filter((line) => /^(import|from)\s/.test(line))
          .join('\n')
      : code;
    if (kept) journal.history.push(kept);
  }

  /** One program, within its time limit: a timeout and a dead worker are outcomes, not errors. */
  private execute(
    worker: Worker,
    code: string,
    options: RunOptions,
    timeoutMs: number,
  ): Promise<RunOutcome> {
    const { signal, session } = options;
    const stopped: RunOutcome = {
      output: TIMEOUT_MESSAGE,
      ok: false,
      ms: timeoutMs,
      heapBytes: 0,
      fatal: false,
    };
    return new Promise<RunOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        this.restart(worker);
        resolve(stopped);
      }, timeoutMs);
      const onAbort = () => {
        cleanup();
        this.restart(worker);
        reject(abortError());
      };
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.call('run', { code, session }).then(
        (outcome) => {
          cleanup();
          resolve(outcome);
        },
        (error: unknown) => {
          cleanup();
          if (error instanceof AppError && error.code === 'python-crashed') {
            resolve({ ...stopped, output: runtimeFailure(error.details ?? ''), fatal: true });
          } else {
            reject(error);
          }
        },
      );
    });
  }

  private worker(): Worker {
    if (this.disposed) throw new AppError('aborted', { details: 'Python was stopped' });
    return this.engine.connection();
  }

  private async readyWorker(): Promise<Worker> {
    const worker = this.worker();
    await this.readyOf(worker);
    return worker;
  }

  private readyOf(worker: Worker): Promise<InitResult> {
    const ready = this.ready.get(worker);
    if (!ready) throw new AppError('internal', { details: 'a Python worker without a start-up' });
    return ready;
  }

  /** A new worker's first call: load Pyodide, the packages and the pre-imports. */
  private initialize(worker: Worker): void {
    this.options.onStatus?.({
      state: 'loading',
      progress: { stage: 'runtime', loaded: 0, total: 0 },
    });
    const ready = worker.call('init', this.options.config, {
      onProgress: (progress) => {
        for (const listener of this.progressListeners) listener(progress);
        this.options.onStatus?.({ state: 'loading', progress });
      },
    });
    this.ready.set(worker, ready);
    ready.then(
      (info) => {
        if (worker.alive) this.options.onStatus?.({ state: 'ready', info });
      },
      (error: unknown) => {
        // A failed start is not kept: the next call tries again (the network may be back).
        worker.terminate(error);
        this.options.onStatus?.({ state: 'failed', error: toAppError(error, 'python-load') });
      },
    );
  }

  /** Replaces a worker at once, so the next program does not wait for a cold start. */
  private restart(worker: Worker): void {
    worker.terminate(new AppError('aborted', { details: 'the Python engine was restarted' }));
    if (this.disposed || this.engine.running) return;
    this.readyOf(this.worker()).catch(() => {});
  }
}
