/**
 * The main-thread side of a Python engine, whatever runs the worker (a Web
 * Worker in the app, a worker thread in Node). A running program holds its
 * worker's thread, so a time limit or an abort terminates the worker and
 * starts a fresh one. What a session had defined is then rebuilt by replaying
 * its earlier programs, output discarded: the official evaluation gets the
 * same effect by re-running every earlier program before each new one.
 */

import { AppError, abortError, deserializeError, toAppError } from '../../core/errors';
import type { CodeRunner, RunOptions, RunResult } from '../../core/tir';
import { TIMEOUT_MESSAGE } from '../../core/tir/format';
import { runtimeFailure } from './failure';
import type {
  InitProgress,
  InitResult,
  PythonEngineConfig,
  PythonReply,
  PythonRequest,
  RunOutcome,
} from './protocol';

/** One live worker, as the proxy sees it. */
export interface EnginePort {
  post(message: PythonRequest): void;
  terminate(): void;
}

export interface PortHandlers {
  onReply(reply: PythonReply): void;
  /** The worker died on its own (uncaught error, out of memory). */
  onCrash(message: string): void;
}

export type PortFactory = (handlers: PortHandlers) => EnginePort;

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

interface Instance {
  port: EnginePort;
  generation: number;
  ready: Promise<InitResult>;
}

interface Pending {
  generation: number;
  kind: 'init' | 'run' | 'end-session';
  resolve(result: unknown): void;
  reject(error: unknown): void;
  onProgress?: (progress: InitProgress) => void;
}

interface Journal {
  /** The worker generation holding this session's namespace. */
  generation: number;
  /** Programs to replay into a fresh worker. */
  history: string[];
}

type TimerId = ReturnType<typeof setTimeout>;

export class PythonProxy implements CodeRunner {
  private instance: Instance | undefined;
  private generations = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly journals = new Map<string, Journal>();
  private readonly progressListeners = new Set<(progress: InitProgress) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private busy = 0;
  private idleTimer: TimerId | undefined;
  private disposed = false;
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  private readonly recycleAboveBytes: number;

  constructor(
    private readonly createPort: PortFactory,
    private readonly options: PythonProxyOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.recycleAboveBytes = options.recycleAboveBytes ?? DEFAULT_RECYCLE_ABOVE_BYTES;
  }

  /** Starts the engine in the background (or joins the start under way). */
  async warm(
    options: { signal?: AbortSignal; onProgress?: (progress: InitProgress) => void } = {},
  ): Promise<InitResult> {
    const { signal, onProgress } = options;
    if (signal?.aborted) throw abortError();
    if (onProgress) this.progressListeners.add(onProgress);
    try {
      return await withAbort(this.ensureInstance().ready, signal);
    } finally {
      if (onProgress) this.progressListeners.delete(onProgress);
      this.touch();
    }
  }

  /** Runs a program in a session; the result is the executor's output or error line. */
  run(code: string, options: RunOptions): Promise<RunResult> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError());
    const task = this.queue.then(() => {
      if (signal?.aborted) throw abortError();
      return this.runInSession(code, options);
    });
    this.queue = task.catch(() => {});
    return withAbort(task, signal);
  }

  async endSession(session: string): Promise<void> {
    this.journals.delete(session);
    const instance = this.instance;
    if (!instance) return;
    await this.request(instance, { type: 'end-session', id: this.nextId++, session }).catch(
      () => {},
    );
  }

  /** Stops the worker for good; later calls fail. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    if (this.instance)
      this.kill(this.instance, new AppError('aborted', { details: 'Python was stopped' }));
    this.journals.clear();
  }

  private async runInSession(code: string, options: RunOptions): Promise<RunResult> {
    this.busy++;
    try {
      const timeoutMs = options.timeoutMs ?? this.timeoutMs;
      let instance = await this.readyInstance();
      const journal = this.journals.get(options.session);
      if (journal && journal.generation !== instance.generation) {
        journal.generation = instance.generation;
        for (const earlier of journal.history) {
          const replayed = await this.execute(instance, earlier, options, timeoutMs);
          if (replayed.fatal || this.instance !== instance) break;
        }
        instance = await this.readyInstance();
        journal.generation = instance.generation;
      }
      const outcome = await this.execute(instance, code, options, timeoutMs);
      this.record(options.session, code, outcome, instance.generation);
      if (outcome.fatal || outcome.heapBytes > this.recycleAboveBytes) this.restart(instance);
      return { output: outcome.output, ok: outcome.ok };
    } finally {
      this.busy--;
      this.touch();
    }
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

  private execute(
    instance: Instance,
    code: string,
    options: RunOptions,
    timeoutMs: number,
  ): Promise<RunOutcome> {
    const { signal, session } = options;
    return new Promise<RunOutcome>((resolve, reject) => {
      const timeoutOutcome: RunOutcome = {
        output: TIMEOUT_MESSAGE,
        ok: false,
        ms: timeoutMs,
        heapBytes: 0,
        fatal: false,
      };
      const timer = setTimeout(() => {
        cleanup();
        this.restart(instance);
        resolve(timeoutOutcome);
      }, timeoutMs);
      const onAbort = () => {
        cleanup();
        this.restart(instance);
        reject(abortError());
      };
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.request(instance, { type: 'run', id: this.nextId++, request: { code, session } }).then(
        (outcome) => {
          cleanup();
          resolve(outcome as RunOutcome);
        },
        (error: unknown) => {
          cleanup();
          // The worker died under the program (in a browser, often memory): a result, not an error.
          if (error instanceof AppError && error.code === 'python-crashed') {
            resolve({
              ...timeoutOutcome,
              output: runtimeFailure(error.details ?? ''),
              fatal: true,
            });
          } else {
            reject(error);
          }
        },
      );
    });
  }

  private async readyInstance(): Promise<Instance> {
    const instance = this.ensureInstance();
    await instance.ready;
    return instance;
  }

  private ensureInstance(): Instance {
    if (this.disposed) throw new AppError('aborted', { details: 'Python was stopped' });
    if (this.instance) return this.instance;
    const generation = ++this.generations;
    const port = this.createPort({
      onReply: (reply) => this.receive(reply),
      onCrash: (message) => {
        if (this.instance?.generation !== generation) return;
        this.kill(this.instance, new AppError('python-crashed', { details: message }));
      },
    });
    const id = this.nextId++;
    const ready = this.request(
      { port, generation },
      { type: 'init', id, config: this.options.config },
    );
    const instance: Instance = { port, generation, ready: ready as Promise<InitResult> };
    this.instance = instance;
    this.options.onStatus?.({
      state: 'loading',
      progress: { stage: 'runtime', loaded: 0, total: 0 },
    });
    instance.ready.then(
      (info) => {
        if (this.instance === instance) this.options.onStatus?.({ state: 'ready', info });
      },
      (error: unknown) => {
        // A failed start is not kept: the next call tries again (the network may be back).
        if (this.instance === instance) this.kill(instance, error);
        const appError = toAppError(error, 'python-load');
        this.options.onStatus?.({ state: 'failed', error: appError });
      },
    );
    return instance;
  }

  private request(
    instance: Pick<Instance, 'port' | 'generation'>,
    message: PythonRequest,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, {
        generation: instance.generation,
        kind: message.type,
        resolve,
        reject,
      });
      instance.port.post(message);
    });
  }

  private receive(reply: PythonReply): void {
    // Replies are checked, not trusted: they come from a thread that runs model-written code.
    if (typeof reply !== 'object' || reply === null || typeof reply.id !== 'number') return;
    const pending = this.pending.get(reply.id);
    if (!pending || pending.generation !== this.instance?.generation) return;
    switch (reply.type) {
      case 'progress':
        if (pending.kind !== 'init') return;
        for (const listener of this.progressListeners) listener(reply.progress);
        this.options.onStatus?.({ state: 'loading', progress: reply.progress });
        return;
      case 'result':
        if (reply.kind !== pending.kind) return;
        this.pending.delete(reply.id);
        pending.resolve(reply.result);
        return;
      case 'error':
        this.pending.delete(reply.id);
        pending.reject(deserializeError(reply.error));
        return;
    }
  }

  /** Terminates a worker and fails what waited on it. */
  private kill(instance: Instance, reason: unknown): void {
    instance.port.terminate();
    if (this.instance === instance) {
      this.instance = undefined;
      this.options.onStatus?.({ state: 'stopped' });
    }
    for (const [id, pending] of this.pending) {
      if (pending.generation !== instance.generation) continue;
      this.pending.delete(id);
      pending.reject(reason);
    }
  }

  /** Replaces a worker at once, so the next program does not wait for a cold start. */
  private restart(instance: Instance): void {
    this.kill(instance, new AppError('aborted', { details: 'the Python engine was restarted' }));
    if (!this.disposed) this.ensureInstance().ready.catch(() => {});
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.idleMs <= 0 || this.disposed) return;
    this.idleTimer = setTimeout(() => {
      if (this.busy === 0 && this.instance) {
        this.kill(
          this.instance,
          new AppError('aborted', { details: 'Python was idle and stopped' }),
        );
      }
    }, this.idleMs);
    // In Node, an idle timer must not keep the process alive.
    (this.idleTimer as { unref?: () => void }).unref?.();
  }
}

function withAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
