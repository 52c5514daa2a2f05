/**
 * Keeps one model loaded in the LLM engine and hides backend fallback from the
 * UI: WebGPU first, and when WebGPU fails to load the model or to run its
 * first token, the same model again on WASM. The student sees the Engine
 * status change, not an error.
 */
import {
  type BackendChoice,
  type Capabilities,
  chooseBackend,
  wasmFallback,
} from '../../core/backend';
import { AppError } from '../../core/errors';
import { type Backend, type ModelEntry, modelFolderUrl } from '../../core/registry';
import type {
  GenerateChunk,
  GenerateRequest,
  GenerateResult,
  LlmEngineApi,
  LoadProgress,
} from '../../engines/llm/protocol';

export interface LoadedModel extends BackendChoice {
  entry: ModelEntry;
  /** Set when WebGPU failed and the model runs on WASM instead. */
  fallbackReason?: string;
}

export interface EnsureOptions {
  forcedBackend?: Backend;
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
}

export class ModelSession {
  private loaded: LoadedModel | undefined;
  private capabilities: Promise<Capabilities> | undefined;

  constructor(
    private readonly engine: LlmEngineApi,
    private readonly hubHost?: string,
  ) {}

  get current(): LoadedModel | undefined {
    return this.loaded;
  }

  probe(): Promise<Capabilities> {
    this.capabilities ??= this.engine.probe();
    return this.capabilities;
  }

  async ensureLoaded(entry: ModelEntry, options: EnsureOptions = {}): Promise<LoadedModel> {
    const wanted = chooseBackend(entry, await this.probe(), options.forcedBackend);
    if ('error' in wanted) throw new AppError('webgpu-unavailable');
    const current = this.loaded;
    if (
      current?.entry.id === entry.id &&
      current.entry.baseUrl === entry.baseUrl &&
      (current.backend === wanted.backend || (current.fallbackReason && !options.forcedBackend))
    ) {
      return current;
    }
    this.loaded = undefined;
    try {
      await this.load(entry, wanted, options);
      this.loaded = { entry, ...wanted };
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'webgpu-failed') || options.forcedBackend)
        throw error;
      const fallback = wasmFallback(entry);
      await this.load(entry, fallback, options);
      this.loaded = { entry, ...fallback, fallbackReason: error.message };
    }
    return this.loaded;
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
    try {
      return await this.engine.generate(request, {
        onChunk,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
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
      await this.load(loaded.entry, fallback, options.signal ? { signal: options.signal } : {});
      this.loaded = { entry: loaded.entry, ...fallback, fallbackReason: error.message };
      return this.engine.generate(request, {
        onChunk,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    }
  }

  async dispose(): Promise<void> {
    this.loaded = undefined;
    await this.engine.dispose();
  }

  private async load(
    entry: ModelEntry,
    choice: BackendChoice,
    options: EnsureOptions,
  ): Promise<void> {
    await this.engine.load(
      {
        modelId: entry.id,
        folder: modelFolderUrl(entry, this.hubHost),
        dtype: choice.dtype,
        device: choice.backend,
        contextLength: entry.contextLength,
      },
      {
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
  }
}
