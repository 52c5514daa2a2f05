/**
 * Keeps one model loaded in the LLM engine and hides the backend chain from
 * the UI. For each candidate (WebGPU q4f16, WebGPU q4, WASM: src/core/backend)
 * it makes sure the files are on the device, loads them, and the first time
 * that model, dtype and adapter meet, runs the self-check; a candidate that
 * fails to load on WebGPU or fails the check gives way to the next. The
 * student sees the Engine status say where the model runs and why.
 */
import {
  type BackendChoice,
  type BackendReason,
  backendCandidates,
  type Capabilities,
  wasmFallback,
} from '../../core/backend';
import { AppError } from '../../core/errors';
import { type Backend, type ModelEntry, modelFolderUrl } from '../../core/registry';
import {
  judgeSelfCheck,
  SELF_CHECK_TOKENS,
  selfCheckKey,
  selfCheckPrompt,
} from '../../core/self-check';
import type {
  GenerateChunk,
  GenerateRequest,
  GenerateResult,
  LlmEngineApi,
  LoadResult,
} from '../../engines/llm/protocol';

export interface LoadedModel extends BackendChoice {
  entry: ModelEntry;
  /** The checkpoint's own temperature and top-p, for voting. */
  sampling?: LoadResult['sampling'];
}

/** What loading is busy with, for the progress bar and the Engine status. */
export type LoadStage =
  | { stage: 'download'; loaded: number; total: number }
  | { stage: 'prepare'; backend: Backend }
  | { stage: 'check'; backend: Backend };

export interface EnsureOptions {
  forcedBackend?: Backend;
  signal?: AbortSignal;
  onStage?: (stage: LoadStage) => void;
  /** Asked before a large download; false cancels the solve. */
  confirm?: (bytes: number) => Promise<boolean>;
}

/**
 * What is still to download for a model (src/engines/llm/store.ts, whose
 * download runs in the LLM worker); absent in Node tests, where models are
 * local folders.
 */
export interface FileStore {
  plan(request: {
    entry: ModelEntry;
    dtype: LoadedModel['dtype'];
    folder: string;
  }): Promise<{ missingBytes?: number }>;
  /** Downloads above this many bytes are confirmed first. */
  confirmAbove: number;
}

/** Self-check verdicts, remembered on the device so the check runs once. */
export interface VerdictStore {
  get(key: string): 'pass' | 'fail' | undefined;
  set(key: string, verdict: 'pass' | 'fail'): void;
}

export interface SessionDeps {
  engine: LlmEngineApi;
  hubHost?: string;
  store?: FileStore;
  verdicts?: VerdictStore;
}

export class ModelSession {
  private loaded: LoadedModel | undefined;
  private capabilities: Promise<Capabilities> | undefined;
  /** GPUs lost in this visit: after two, the model runs on WASM. */
  private gpuLosses = 0;
  private readonly engine: LlmEngineApi;

  constructor(private readonly deps: SessionDeps) {
    this.engine = deps.engine;
  }

  get current(): LoadedModel | undefined {
    return this.loaded;
  }

  probe(): Promise<Capabilities> {
    this.capabilities ??= this.engine.probe();
    return this.capabilities;
  }

  folderOf(entry: ModelEntry): string {
    return modelFolderUrl(entry, this.deps.hubHost);
  }

  async ensureLoaded(entry: ModelEntry, options: EnsureOptions = {}): Promise<LoadedModel> {
    const caps = await this.probe();
    const listed = backendCandidates(entry, caps, options.forcedBackend);
    if ('error' in listed) throw new AppError('webgpu-unavailable');
    const candidates =
      this.gpuLosses >= 2 && options.forcedBackend !== 'webgpu'
        ? listed
            .filter((c) => c.backend === 'wasm')
            .map((c) => ({ ...c, reason: 'gpu-lost' as const }))
        : listed;
    const current = this.loaded;
    if (
      current?.entry.id === entry.id &&
      current.entry.baseUrl === entry.baseUrl &&
      (!options.forcedBackend || current.backend === options.forcedBackend)
    ) {
      return current;
    }
    this.loaded = undefined;

    const folder = this.folderOf(entry);
    let gpuError: AppError | undefined;
    let checkFailure: string | undefined;
    let why: BackendReason | undefined;
    for (const candidate of candidates) {
      const key = selfCheckKey({ folder, ...candidate, adapter: caps.adapter });
      if (this.deps.verdicts?.get(key) === 'fail') {
        checkFailure ??= 'failed on this device before';
        why = 'self-check';
        continue;
      }
      let result: LoadResult;
      try {
        result = await this.load(entry, candidate, options);
        if (this.deps.verdicts?.get(key) !== 'pass') {
          options.onStage?.({ stage: 'check', backend: candidate.backend });
          const sample = await this.engine.selfCheck({
            prompt: selfCheckPrompt(entry.promptStyle),
            maxNewTokens: SELF_CHECK_TOKENS,
          });
          const verdict = judgeSelfCheck(sample);
          this.deps.verdicts?.set(key, verdict.ok ? 'pass' : 'fail');
          if (!verdict.ok) {
            checkFailure = `${candidate.backend} ${candidate.dtype}: ${verdict.reason}`;
            why = 'self-check';
            continue;
          }
        }
      } catch (error) {
        const onGpu = candidate.backend === 'webgpu';
        if (onGpu && error instanceof AppError && error.code === 'webgpu-failed') {
          gpuError = error;
          why = 'webgpu-failed';
          continue;
        }
        throw error;
      }
      this.loaded = {
        entry,
        ...candidate,
        // A later candidate runs because an earlier one failed: say which way.
        ...(why ? { reason: why } : {}),
        ...(result.sampling ? { sampling: result.sampling } : {}),
      };
      return this.loaded;
    }
    await this.engine.dispose().catch(() => {});
    if (checkFailure !== undefined) {
      throw new AppError('self-check-failed', {
        params: { model: entry.name },
        details: checkFailure,
      });
    }
    throw gpuError ?? new AppError('internal', { details: 'no backend to try' });
  }

  async generate(
    request: GenerateRequest,
    options: {
      onChunk?: (chunk: GenerateChunk) => void;
      signal?: AbortSignal;
      forcedBackend?: Backend;
    } = {},
  ): Promise<GenerateResult> {
    const loaded = this.loaded;
    if (!loaded) throw new AppError('not-loaded');
    let produced = false;
    const onChunk = (chunk: GenerateChunk) => {
      produced = true;
      options.onChunk?.(chunk);
    };
    const signal = options.signal ? { signal: options.signal } : {};
    try {
      return await this.engine.generate(request, { onChunk, ...signal });
    } catch (error) {
      if (error instanceof AppError && error.code === 'gpu-lost') {
        // The worker is replaced by the client; the next solve loads again
        // on a fresh device, or on WASM after a second loss.
        this.gpuLosses++;
        this.loaded = undefined;
        throw error;
      }
      // A WebGPU failure at the first run (e.g. a kernel the adapter cannot
      // compile) is retried once on WASM, but never after text was shown.
      const retry =
        error instanceof AppError &&
        error.code === 'webgpu-failed' &&
        !produced &&
        !options.forcedBackend &&
        loaded.backend === 'webgpu';
      if (!retry) throw error;
      const fallback = wasmFallback(loaded.entry);
      this.loaded = undefined;
      await this.load(loaded.entry, fallback, signal);
      this.loaded = { entry: loaded.entry, ...fallback };
      return this.engine.generate(request, { onChunk, ...signal });
    }
  }

  async dispose(): Promise<void> {
    this.loaded = undefined;
    await this.engine.dispose();
  }

  /** Forgets the loaded model (its files were deleted from the device). */
  async unload(entry: ModelEntry): Promise<void> {
    if (this.loaded?.entry.id !== entry.id) return;
    this.loaded = undefined;
    await this.engine.dispose().catch(() => {});
  }

  private async load(
    entry: ModelEntry,
    choice: BackendChoice,
    options: EnsureOptions,
  ): Promise<LoadResult> {
    const folder = this.folderOf(entry);
    const store = this.deps.store;
    if (store) {
      const { missingBytes } = await store.plan({ entry, dtype: choice.dtype, folder });
      if (missingBytes !== undefined && missingBytes > store.confirmAbove && options.confirm) {
        if (!(await options.confirm(missingBytes))) {
          throw new DOMException('Download declined', 'AbortError');
        }
      }
    }
    options.onStage?.({ stage: 'prepare', backend: choice.backend });
    const expectedBytes = entry.sizes?.[choice.dtype];
    return this.engine.load(
      {
        modelId: entry.id,
        modelName: entry.name,
        folder,
        dtype: choice.dtype,
        device: choice.backend,
        contextLength: entry.contextLength,
        ...(store ? { store: expectedBytes !== undefined ? { expectedBytes } : {} } : {}),
      },
      {
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (progress) =>
          options.onStage?.(
            progress.phase === 'download'
              ? { stage: 'download', loaded: progress.loaded, total: progress.total }
              : { stage: 'prepare', backend: choice.backend },
          ),
      },
    );
  }
}
