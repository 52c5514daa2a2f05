/**
 * The LLM engine proper: transformers.js on onnxruntime (web in the browser
 * worker, node in the CLIs). It knows nothing of threads; worker.ts wraps it
 * for the browser and scripts/eval.ts calls it directly, so the code under
 * test in Node is the code the app runs.
 */
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  env,
  InterruptableStoppingCriteria,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  StoppingCriteriaList,
  type Tensor,
  type TextStreamer,
} from '@huggingface/transformers';
import { probeWebGpu } from '../../core/backend';
import { AppError } from '../../core/errors';
import { failureError } from '../../core/failure';
import { STOP_TOKEN_IDS } from '../../core/prompts';
import type {
  BackendProbe,
  FinishReason,
  GenerateChunk,
  GenerateRequest,
  GenerateResult,
  LlmEngineApi,
  LoadProgress,
  LoadRequest,
  LoadResult,
  SelfCheckRequest,
  SelfCheckResult,
} from './protocol';
import { FiniteLogits, NucleusSampler, processorList, samplingOf } from './sampling';
import { configureModelSource } from './source';
import { firstStop, StopStringCriteria } from './stop';
import { ensureStored, storageUsable } from './store';
import { HeldBackStream, TokenStreamer } from './streamer';
import { yieldBeforeEachStep } from './yield';

interface Loaded {
  request: LoadRequest;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
}

export class LlmEngine implements LlmEngineApi {
  private loaded: Loaded | undefined;
  private generating = false;
  /** Set when the WebGPU device of the loaded model was lost: why, as the browser said. */
  private deviceLost: string | undefined;

  probe(): Promise<BackendProbe> {
    return probeWebGpu((globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu);
  }

  async load(
    request: LoadRequest,
    options: { onProgress?: (progress: LoadProgress) => void } = {},
  ): Promise<LoadResult> {
    const started = performance.now();
    await this.dispose();
    const modelName = configureModelSource(env, request.folder);
    const files: LoadProgress['files'] = {};
    let phase: LoadProgress['phase'] = 'download';
    const report = () => {
      let loaded = 0;
      let total = 0;
      for (const file of Object.values(files)) {
        loaded += file.loaded;
        total += file.total;
      }
      options.onProgress?.({ phase, loaded, total, files: { ...files } });
    };
    const progress_callback = (info: ProgressInfo) => {
      if (info.status === 'progress' && info.file) {
        files[info.file] = { loaded: info.loaded ?? 0, total: info.total ?? 0 };
        report();
      } else if (info.status === 'done' && info.file?.endsWith('.onnx')) {
        // Session creation (shader compilation on WebGPU) follows the last download.
        phase = 'compile';
        report();
      }
    };
    try {
      if (request.store && /^https?:/.test(request.folder) && (await storageUsable())) {
        // Here, not on the main thread: a 1.7 GB stream would make the page stutter.
        await ensureStored({
          modelId: request.modelId,
          name: request.modelName ?? request.modelId,
          folder: request.folder,
          dtype: request.dtype,
          ...(request.store.expectedBytes !== undefined
            ? { expectedBytes: request.store.expectedBytes }
            : {}),
          onProgress: ({ loaded, total }) =>
            options.onProgress?.({ phase: 'download', loaded, total, files: {} }),
        });
        // From here transformers.js reads the device's copy: that is preparing, not downloading.
        phase = 'compile';
        options.onProgress?.({ phase, loaded: 0, total: 0, files: {} });
      }
      const tokenizer = await AutoTokenizer.from_pretrained(modelName, { progress_callback });
      const model = await AutoModelForCausalLM.from_pretrained(modelName, {
        dtype: request.dtype,
        device: request.device,
        progress_callback,
      });
      this.loaded = { request, tokenizer, model };
    } catch (error) {
      throw await loadError(error, request);
    }
    if (request.device === 'webgpu') await this.watchDevice();
    const sampling = samplingOf(this.loaded.model);
    return {
      modelId: request.modelId,
      device: request.device,
      dtype: request.dtype,
      ms: performance.now() - started,
      ...(sampling ? { sampling } : {}),
    };
  }

  /**
   * A GPU can be lost at any time (a driver reset, another tab, the OS
   * reclaiming it). ONNX Runtime then fails its runs with assorted messages;
   * knowing the device was lost lets the failure say so, and the client
   * replaces this worker so the next solve gets a fresh device.
   */
  private async watchDevice(): Promise<void> {
    this.deviceLost = undefined;
    const webgpu = (env.backends.onnx as { webgpu?: { device?: unknown } }).webgpu;
    // Typed as a promise, but once the backend is up ONNX Runtime hands back
    // the device itself (and the getter throws before that): accept either.
    const device = await Promise.resolve()
      .then(() => webgpu?.device as GPUDevice | Promise<GPUDevice> | undefined)
      .catch(() => undefined);
    void device?.lost?.then((info) => {
      this.deviceLost = `${info.reason}: ${info.message}`;
    });
  }

  async selfCheck(request: SelfCheckRequest): Promise<SelfCheckResult> {
    const loaded = this.loaded;
    if (!loaded) throw new AppError('not-loaded');
    if (this.generating) throw new AppError('busy');
    this.generating = true;
    const watcher = new FiniteLogits();
    try {
      const inputs = loaded.tokenizer(request.prompt, { add_special_tokens: false }) as {
        input_ids: Tensor;
        attention_mask: Tensor;
      };
      const promptTokens = inputs.input_ids.dims.at(-1) ?? 0;
      const sequences = (await loaded.model.generate({
        ...inputs,
        max_new_tokens: request.maxNewTokens,
        do_sample: false,
        repetition_penalty: 1.0,
        eos_token_id: [...STOP_TOKEN_IDS],
        logits_processor: processorList(watcher),
      })) as Tensor;
      const ids = (sequences.tolist() as bigint[][])[0]?.slice(promptTokens) ?? [];
      return { tokens: ids.map(Number), finite: watcher.finite };
    } catch (error) {
      throw this.runError(error, loaded.request);
    } finally {
      this.generating = false;
    }
  }

  /** A failure while running: the lost GPU, WebGPU's own trouble, or what the exception says. */
  private runError(error: unknown, request: LoadRequest): AppError {
    if (error instanceof AppError) return error;
    if (this.deviceLost !== undefined) {
      return new AppError('gpu-lost', { details: this.deviceLost, cause: error });
    }
    const failure = failureError(
      error,
      { during: 'generate', device: request.device },
      { params: { model: request.modelName ?? request.modelId } },
    );
    return failure;
  }

  async generate(
    request: GenerateRequest,
    options: { onChunk?: (chunk: GenerateChunk) => void; signal?: AbortSignal } = {},
  ): Promise<GenerateResult> {
    const loaded = this.loaded;
    if (!loaded) throw new AppError('not-loaded');
    if (this.generating) throw new AppError('busy');
    this.generating = true;
    try {
      return await this.run(loaded, request, options);
    } finally {
      this.generating = false;
    }
  }

  private async run(
    { request: loadRequest, tokenizer, model }: Loaded,
    request: GenerateRequest,
    options: { onChunk?: (chunk: GenerateChunk) => void; signal?: AbortSignal },
  ): Promise<GenerateResult> {
    const started = performance.now();
    const inputs = tokenizer(request.prompt, { add_special_tokens: false }) as {
      input_ids: Tensor;
      attention_mask: Tensor;
    };
    const promptTokens = inputs.input_ids.dims.at(-1) ?? 0;
    const room = loadRequest.contextLength - promptTokens;
    if (request.reserveTokens !== undefined && room < request.reserveTokens) {
      throw new AppError('context-full', {
        details: `${promptTokens} tokens of ${loadRequest.contextLength}`,
      });
    }
    if (room < 1) {
      throw new AppError('prompt-too-long', {
        params: { tokens: promptTokens, limit: loadRequest.contextLength - 1 },
      });
    }

    const stops = (request.stop ?? []).filter((s) => s !== '');
    const sampler = request.sampling ? new NucleusSampler(request.sampling) : undefined;

    const interrupt = new InterruptableStoppingCriteria();
    const onAbort = () => interrupt.interrupt();
    if (options.signal?.aborted) interrupt.interrupt();
    options.signal?.addEventListener('abort', onAbort);
    const stop = new StopStringCriteria(tokenizer, stops, promptTokens);
    const criteria = new StoppingCriteriaList();
    criteria.push(interrupt);
    criteria.push(stop);

    let tokens = 0;
    let firstTokenAt = 0;
    let lastTokenAt = 0;
    const speed = () =>
      tokens > 1 && lastTokenAt > firstTokenAt
        ? ((tokens - 1) * 1000) / (lastTokenAt - firstTokenAt)
        : 0;
    const chunks = new HeldBackStream(stops, (text) =>
      options.onChunk?.({ text, tokens, tokensPerSecond: speed() }),
    );
    const streamer = new TokenStreamer(
      tokenizer,
      () => {
        tokens++;
        lastTokenAt = performance.now();
        if (tokens === 1) firstTokenAt = lastTokenAt;
      },
      (text) => chunks.push(text),
    );

    let sequences: Tensor;
    // onnxruntime-node already returns to the event loop before every run (setImmediate).
    const restoreForward = loadRequest.device === 'cpu' ? () => {} : yieldBeforeEachStep(model);
    try {
      // Greedy, as Qwen's evaluation decodes: the checkpoint's generation_config
      // asks for sampling at temperature 0.7 with a 1.05 repetition penalty.
      // With `sampling`, the NucleusSampler draws the token and the greedy
      // step after it can only take that one.
      sequences = (await model.generate({
        ...inputs,
        max_new_tokens: Math.min(request.maxNewTokens, room),
        do_sample: false,
        repetition_penalty: 1.0,
        eos_token_id: [...STOP_TOKEN_IDS],
        stopping_criteria: criteria,
        // Typed as TextStreamer by the kwargs' typings; generate() only calls put() and end().
        streamer: streamer as unknown as TextStreamer,
        ...(sampler ? { logits_processor: processorList(sampler) } : {}),
      })) as Tensor;
    } catch (error) {
      throw this.runError(error, loadRequest);
    } finally {
      restoreForward();
      options.signal?.removeEventListener('abort', onAbort);
    }

    const ids = (sequences.tolist() as bigint[][])[0]?.slice(promptTokens) ?? [];
    let text = tokenizer.decode(ids, { skip_special_tokens: true });
    let finishReason: FinishReason = 'length';
    const stopAt = firstStop(text, stops);
    const last = ids.at(-1);
    if (stopAt >= 0) {
      text = text.slice(0, stopAt);
      finishReason = 'stop';
    } else if (last !== undefined && STOP_TOKEN_IDS.includes(Number(last))) {
      finishReason = 'eos';
    } else if (interrupt.interrupted) {
      finishReason = 'aborted';
    }
    chunks.finish(text);
    return {
      text,
      finishReason,
      promptTokens,
      tokens,
      tokensPerSecond: speed(),
      ms: performance.now() - started,
    };
  }

  async dispose(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    await loaded?.model.dispose();
  }
}

interface ProgressInfo {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

/**
 * A load failure in the student's terms. A fetch that failed without a status
 * is either CORS or an unreachable host: a `no-cors` request to the same
 * folder tells which (it answers, opaquely, only when the server is there).
 */
async function loadError(error: unknown, request: LoadRequest): Promise<AppError> {
  const online = (globalThis.navigator as { onLine?: boolean } | undefined)?.onLine;
  let answersWithoutCors: boolean | undefined;
  if (
    /^https?:/.test(request.folder) &&
    online !== false &&
    /fetch|network|load failed/i.test(messageOf(error))
  ) {
    answersWithoutCors = await fetch(`${request.folder}config.json`, { mode: 'no-cors' }).then(
      () => true,
      () => false,
    );
  }
  return failureError(
    error,
    {
      during: 'load',
      device: request.device,
      ...(online !== undefined ? { online } : {}),
      ...(answersWithoutCors !== undefined ? { answersWithoutCors } : {}),
    },
    { params: { model: request.modelName ?? request.modelId }, where: request.folder },
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
