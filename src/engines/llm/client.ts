/**
 * Main-thread proxy for the LLM worker, with the engine's own interface so UI
 * code does not care where the model runs. Generation is interrupted
 * cooperatively (the worker stops after the current token and still returns
 * the text so far); a load cannot be interrupted, so aborting one terminates
 * the worker and the next call starts a fresh one.
 */
import { AppError, abortError, deserializeError } from '../../core/errors';
import type {
  BackendProbe,
  GenerateChunk,
  GenerateRequest,
  GenerateResult,
  LlmEngineApi,
  LlmReply,
  LlmRequest,
  LoadProgress,
  LoadRequest,
  LoadResult,
  SelfCheckRequest,
  SelfCheckResult,
} from './protocol';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  onProgress?: (progress: LoadProgress) => void;
  onChunk?: (chunk: GenerateChunk) => void;
}

type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'llm' });

export class LlmClient implements LlmEngineApi {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly createWorker: WorkerFactory = defaultFactory) {}

  probe(): Promise<BackendProbe> {
    return this.call({ type: 'probe', id: this.nextId++ }) as Promise<BackendProbe>;
  }

  async load(
    request: LoadRequest,
    options: { onProgress?: (progress: LoadProgress) => void; signal?: AbortSignal } = {},
  ): Promise<LoadResult> {
    const id = this.nextId++;
    const onAbort = () => {
      this.restart(abortError());
    };
    if (options.signal?.aborted) throw abortError();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const pending: Omit<Pending, 'resolve' | 'reject'> = {};
      if (options.onProgress) pending.onProgress = options.onProgress;
      return (await this.call({ type: 'load', id, request }, pending)) as LoadResult;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  async generate(
    request: GenerateRequest,
    options: { onChunk?: (chunk: GenerateChunk) => void; signal?: AbortSignal } = {},
  ): Promise<GenerateResult> {
    const id = this.nextId++;
    const onAbort = () => this.worker?.postMessage({ type: 'interrupt', id } satisfies LlmRequest);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const pending: Omit<Pending, 'resolve' | 'reject'> = {};
      if (options.onChunk) pending.onChunk = options.onChunk;
      const result = this.call({ type: 'generate', id, request }, pending);
      if (options.signal?.aborted) onAbort();
      return (await result) as GenerateResult;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  selfCheck(request: SelfCheckRequest): Promise<SelfCheckResult> {
    return this.call({
      type: 'self-check',
      id: this.nextId++,
      request,
    }) as Promise<SelfCheckResult>;
  }

  async dispose(): Promise<void> {
    if (!this.worker) return;
    try {
      await this.call({ type: 'dispose', id: this.nextId++ });
    } finally {
      this.restart(new AppError('aborted', { details: 'the model was unloaded' }));
    }
  }

  private call(
    message: LlmRequest,
    handlers: Omit<Pending, 'resolve' | 'reject'> = {},
  ): Promise<unknown> {
    const worker = this.ensureWorker();
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject, ...handlers });
      worker.postMessage(message);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (event: MessageEvent<LlmReply>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.restart(new AppError('worker-crashed', { details: event.message || 'no details' }));
    };
    this.worker = worker;
    return worker;
  }

  private receive(reply: LlmReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    switch (reply.type) {
      case 'progress':
        pending.onProgress?.(reply.progress);
        return;
      case 'chunk':
        pending.onChunk?.(reply.chunk);
        return;
      case 'result':
        this.pending.delete(reply.id);
        pending.resolve(reply.result);
        return;
      case 'error': {
        this.pending.delete(reply.id);
        const error = deserializeError(reply.error);
        pending.reject(error);
        // A lost GPU cannot be used again in this worker (ONNX Runtime keeps
        // its device): the next call starts a fresh worker, with a new device.
        if (error.code === 'gpu-lost') this.restart(error);
        return;
      }
    }
  }

  /** Ends the worker and fails whatever was waiting on it. */
  private restart(reason: unknown): void {
    this.worker?.terminate();
    this.worker = undefined;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const pending of waiting) pending.reject(reason);
  }
}
