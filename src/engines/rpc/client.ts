/**
 * The client's side of the wire, for every engine: one place for pending
 * calls, progress, aborts, crashes and idle shutdown.
 *
 * - A worker starts on the first call; a Connection is that one worker's
 *   life. When it dies (a crash, an abort that terminates it, idle shutdown,
 *   stop()), every call waiting on it fails, and the next call starts a fresh
 *   worker.
 * - An abort either asks the worker to stop the call (`abort: 'cancel'`: it
 *   still ends with its result, e.g. the text so far) or terminates the
 *   worker (`'terminate'`, the default: tesseract and Python cannot be
 *   interrupted, and a model load cannot either).
 * - Replies are checked before use (their envelope always, their payload
 *   where `checks` says so), and a reply for another kind of call is dropped.
 */
import { AppError, abortError, describeThrown, deserializeError } from '../../core/errors';
import {
  type CallMap,
  type CallName,
  type FromWorker,
  isReply,
  isReplyTo,
  type ProgressOf,
  type RequestMessage,
  type RequestOf,
  type ResultOf,
  type ToWorker,
} from './calls';
import type { PortFactory, WorkerPort } from './port';

export interface CallOptions<Progress> {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  /** What an abort does; default 'terminate'. */
  abort?: 'cancel' | 'terminate';
  /** Buffers to move to the worker with the request. */
  transfer?: Transferable[];
}

/** Payload checks per call, for a worker that runs code nobody vetted. */
export type ResultChecks<M extends CallMap> = {
  [K in CallName<M>]?: (result: ResultOf<M, K>) => boolean;
};

export interface EngineClientOptions<M extends CallMap> {
  /** What a call fails with when its worker dies on its own. */
  crashError(details: string): AppError;
  /** Stop the worker after this long without a call, in ms (absent or 0: never). */
  idleMs?: number;
  checks?: ResultChecks<M>;
  /** An error after which the worker is unusable (e.g. its GPU is lost): it is replaced. */
  fatal?(error: AppError): boolean;
  /** A worker was started; its set-up call (e.g. Python's init) is posted here, before any other. */
  onStart?(connection: Connection<M>): void;
  /** A worker stopped, for whatever reason. */
  onStop?(connection: Connection<M>, reason: unknown): void;
}

interface Pending<M extends CallMap> {
  receive(reply: FromWorker<M>): void;
  fail(reason: unknown): void;
}

interface Owner<M extends CallMap> {
  readonly options: EngineClientOptions<M>;
  busy(connection: Connection<M>): void;
  settled(connection: Connection<M>): void;
  stopped(connection: Connection<M>, reason: unknown): void;
}

/** One worker's life: its pending calls, and why it ended. */
export class Connection<M extends CallMap> {
  private readonly pending = new Map<number, Pending<M>>();
  private readonly port: WorkerPort<ToWorker<M>>;
  private nextId = 1;
  private ended: { reason: unknown } | undefined;

  constructor(
    readonly generation: number,
    createPort: PortFactory<ToWorker<M>>,
    private readonly owner: Owner<M>,
  ) {
    this.port = createPort({
      onMessage: (data) => this.receive(data),
      onCrash: (details) => this.terminate(owner.options.crashError(details)),
    });
  }

  get alive(): boolean {
    return this.ended === undefined;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  call<K extends CallName<M>>(
    type: K,
    request: RequestOf<M, K>,
    options: CallOptions<ProgressOf<M, K>> = {},
  ): Promise<ResultOf<M, K>> {
    const { signal, onProgress } = options;
    const policy = options.abort ?? 'terminate';
    if (this.ended) return Promise.reject(this.ended.reason);
    if (signal?.aborted && policy === 'terminate') return Promise.reject(abortError());
    const id = this.nextId++;
    const check = this.owner.options.checks?.[type];
    return new Promise<ResultOf<M, K>>((resolve, reject) => {
      const onAbort = () => {
        if (policy === 'cancel') this.send({ type: 'cancel', id });
        else this.terminate(abortError());
      };
      const settle = () => {
        this.pending.delete(id);
        signal?.removeEventListener('abort', onAbort);
        this.owner.settled(this);
      };
      this.pending.set(id, {
        fail: (reason) => {
          settle();
          reject(reason);
        },
        receive: (reply) => {
          if (!isReplyTo(reply, type)) return;
          if (reply.type === 'progress') {
            onProgress?.(reply.progress);
            return;
          }
          settle();
          if (reply.type === 'error') this.failed(deserializeError(reply.error), reject);
          else if (check && !check(reply.result)) reject(this.malformed(type));
          else resolve(reply.result);
        },
      });
      this.owner.busy(this);
      if (!this.send(requestMessage<M, K>(id, type, request), options.transfer)) return;
      signal?.addEventListener('abort', onAbort, { once: true });
      // A cooperative call whose signal fired already is started and stopped at once.
      if (signal?.aborted) onAbort();
    });
  }

  /** Ends the worker; every call waiting on it fails with `reason`. */
  terminate(reason: unknown): void {
    if (this.ended) return;
    this.ended = { reason };
    try {
      this.port.terminate();
    } catch {}
    const waiting = [...this.pending.values()];
    for (const pending of waiting) pending.fail(reason);
    this.owner.stopped(this, reason);
  }

  private failed(error: AppError, reject: (error: AppError) => void): void {
    reject(error);
    if (this.owner.options.fatal?.(error)) this.terminate(error);
  }

  private send(message: ToWorker<M>, transfer?: Transferable[]): boolean {
    try {
      this.port.post(message, transfer);
      return true;
    } catch (error) {
      // A message the worker cannot receive (e.g. not cloneable), or a worker that is gone.
      this.terminate(this.owner.options.crashError(describeThrown(error)));
      return false;
    }
  }

  private receive(data: unknown): void {
    if (this.ended || !isReply<M>(data)) return;
    this.pending.get(data.id)?.receive(data);
  }

  private malformed(call: string): AppError {
    return new AppError('internal', { details: `the worker's answer to "${call}" is malformed` });
  }
}

/** An engine's workers over time: at most one alive, started when a call needs it. */
export class EngineClient<M extends CallMap> {
  private current: Connection<M> | undefined;
  private generations = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly owner: Owner<M>;

  constructor(
    private readonly createPort: PortFactory<ToWorker<M>>,
    options: EngineClientOptions<M>,
  ) {
    this.owner = {
      options,
      busy: () => this.clearIdle(),
      settled: (connection) => this.scheduleIdle(connection),
      stopped: (connection, reason) => {
        if (this.current === connection) this.current = undefined;
        this.clearIdle();
        options.onStop?.(connection, reason);
      },
    };
  }

  /** True while a worker is alive. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** The live worker, started if there is none. */
  connection(): Connection<M> {
    if (this.current) return this.current;
    const connection = new Connection(++this.generations, this.createPort, this.owner);
    this.current = connection;
    this.owner.options.onStart?.(connection);
    return connection;
  }

  call<K extends CallName<M>>(
    type: K,
    request: RequestOf<M, K>,
    options?: CallOptions<ProgressOf<M, K>>,
  ): Promise<ResultOf<M, K>> {
    // No worker is started for a call that is over before it began.
    if (options?.signal?.aborted && options.abort !== 'cancel') return Promise.reject(abortError());
    let connection: Connection<M>;
    try {
      connection = this.connection();
    } catch (error) {
      return Promise.reject(this.owner.options.crashError(describeThrown(error)));
    }
    return connection.call(type, request, options);
  }

  /** Ends the live worker, if any; its calls fail with `reason`. */
  stop(reason: unknown): void {
    this.current?.terminate(reason);
  }

  private scheduleIdle(connection: Connection<M>): void {
    const idleMs = this.owner.options.idleMs ?? 0;
    if (idleMs <= 0 || connection !== this.current || connection.busy) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      if (connection === this.current && !connection.busy) {
        connection.terminate(
          new AppError('aborted', { details: 'the engine was idle and stopped' }),
        );
      }
    }, idleMs);
    unref(this.idleTimer);
  }

  private clearIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

function requestMessage<M extends CallMap, K extends CallName<M>>(
  id: number,
  type: K,
  request: RequestOf<M, K>,
): ToWorker<M> {
  const message: RequestMessage<M, K> = { type, id, request };
  return message;
}

/** In Node, an idle timer must not keep the process alive. */
function unref(timer: unknown): void {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer) {
    const { unref } = timer;
    if (typeof unref === 'function') unref.call(timer);
  }
}
