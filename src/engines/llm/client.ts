/**
 * Main-thread proxy for the LLM worker, with the engine's own interface so UI
 * code does not care where the model runs. Generation is interrupted
 * cooperatively (the worker stops after the current token and still returns
 * the text so far); a load cannot be interrupted, so aborting one terminates
 * the worker and the next call starts a fresh one.
 */
import { AppError } from '../../core/errors';
import { EngineClient } from '../rpc/client';
import { webWorkerPort } from '../rpc/port';
import type {
  BackendProbe,
  GenerateChunk,
  GenerateRequest,
  GenerateResult,
  LlmCalls,
  LlmEngineApi,
  LoadProgress,
  LoadRequest,
  LoadResult,
  SelfCheckRequest,
  SelfCheckResult,
} from './protocol';

const startWorker = () =>
  new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'llm' });

export class LlmClient implements LlmEngineApi {
  private readonly engine: EngineClient<LlmCalls>;

  constructor(createWorker: () => Worker = startWorker) {
    this.engine = new EngineClient<LlmCalls>(webWorkerPort(createWorker), {
      crashError: (details) => new AppError('worker-crashed', { details }),
      // A lost GPU cannot be used again in this worker (ONNX Runtime keeps
      // its device): the next call starts a fresh worker, with a new device.
      fatal: (error) => error.code === 'gpu-lost',
    });
  }

  probe(): Promise<BackendProbe> {
    return this.engine.call('probe', undefined);
  }

  load(
    request: LoadRequest,
    options: { onProgress?: (progress: LoadProgress) => void; signal?: AbortSignal } = {},
  ): Promise<LoadResult> {
    return this.engine.call('load', request, options);
  }

  generate(
    request: GenerateRequest,
    options: { onChunk?: (chunk: GenerateChunk) => void; signal?: AbortSignal } = {},
  ): Promise<GenerateResult> {
    const { onChunk, signal } = options;
    return this.engine.call('generate', request, { onProgress: onChunk, signal, abort: 'cancel' });
  }

  selfCheck(request: SelfCheckRequest): Promise<SelfCheckResult> {
    return this.engine.call('self-check', request);
  }

  async dispose(): Promise<void> {
    if (!this.engine.running) return;
    try {
      await this.engine.call('dispose', undefined);
    } finally {
      this.engine.stop(new AppError('aborted', { details: 'the model was unloaded' }));
    }
  }
}

// Models on this device: the main thread asks what is stored, plans a
// download and deletes; the download itself runs in the worker (load).
export {
  deleteStored,
  ensureStored,
  isStored,
  listStored,
  planDownload,
  type StoredModel,
} from './store';
