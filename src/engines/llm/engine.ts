/**
 * The LLM engine proper: transformers.js on onnxruntime (web in the browser
 * worker, node in the CLIs). It knows nothing of threads; worker.ts wraps it
 * for the browser and scripts/eval.ts calls it directly, so the code under
 * test in Node is the code the app runs.
 */
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  type DynamicCache,
  env,
  InterruptableStoppingCriteria,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  StoppingCriteriaList,
  Tensor,
  type TextStreamer,
} from '@huggingface/transformers';
import { probeWebGpu } from '../../core/backend';
import { AppError } from '../../core/errors';
import { failureError } from '../../core/failure';
import { STOP_TOKEN_IDS } from '../../core/prompts';
import { reusablePrefix } from '../../core/tir/kv-reuse';
import { RowsFinished, samplesOf } from './batch';
import { disposeCache, repeatCache, truncateCache } from './kv-cache';
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
  SampleResult,
  Sampling,
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

/** A conversation's cache: keys and values for `ids`, the tokens fed in its last round. */
interface Kept {
  conversation: string;
  ids: bigint[];
  cache: DynamicCache;
  timer: ReturnType<typeof setTimeout>;
}

/** What run() hands to the single and the batched generation. */
interface Run {
  loaded: Loaded;
  request: GenerateRequest;
  stops: string[];
  promptIds: bigint[];
  interrupt: InterruptableStoppingCriteria;
  common: Record<string, unknown>;
  reused: { cache?: DynamicCache; tokens: number };
}

/**
 * How long a conversation's cache outlives its last round. Between TIR rounds
 * only a Python run passes (at most its time limit); afterwards the memory
 * (57 KB a token for the 1.5B models in fp32) goes back.
 */
const KEEP_CACHE_MS = 30_000;
/** More samples than this in one batch gain little and multiply the KV memory. */
const MAX_SAMPLES = 16;

function sampleCount(request: GenerateRequest): number {
  const samples = request.samples ?? 1;
  if (!Number.isInteger(samples) || samples < 1 || samples > MAX_SAMPLES) {
    throw new AppError('internal', {
      details: `samples must be a whole number from 1 to ${MAX_SAMPLES} (got ${samples}).`,
    });
  }
  if (samples > 1 && !request.sampling) {
    throw new AppError('internal', { details: 'samples above 1 need sampling settings.' });
  }
  return samples;
}

function idsTensor(rows: bigint[][]): Tensor {
  return new Tensor('int64', BigInt64Array.from(rows.flat()), [rows.length, rows[0]?.length ?? 0]);
}

function ones(rows: number, columns: number): Tensor {
  return new Tensor('int64', new BigInt64Array(rows * columns).fill(1n), [rows, columns]);
}

export class LlmEngine implements LlmEngineApi {
  private loaded: Loaded | undefined;
  private generating = false;
  /** Set when the WebGPU device of the loaded model was lost: why, as the browser said. */
  private deviceLost: string | undefined;
  private kept: Kept | undefined;

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
    loaded: Loaded,
    request: GenerateRequest,
    options: { onChunk?: (chunk: GenerateChunk) => void; signal?: AbortSignal },
  ): Promise<GenerateResult> {
    const { request: loadRequest, tokenizer, model } = loaded;
    const started = performance.now();
    const inputs = tokenizer(request.prompt, { add_special_tokens: false }) as {
      input_ids: Tensor;
      attention_mask: Tensor;
    };
    const promptIds = Array.from(inputs.input_ids.data as BigInt64Array);
    const promptTokens = promptIds.length;
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
    const samples = sampleCount(request);
    const stops = (request.stop ?? []).filter((s) => s !== '');
    const reused = await this.takeKept(request.conversation, promptIds);

    const interrupt = new InterruptableStoppingCriteria();
    const onAbort = () => interrupt.interrupt();
    if (options.signal?.aborted) interrupt.interrupt();
    options.signal?.addEventListener('abort', onAbort);
    // onnxruntime-node already returns to the event loop before every run (setImmediate).
    const restoreForward = loadRequest.device === 'cpu' ? () => {} : yieldBeforeEachStep(model);
    const common = {
      max_new_tokens: Math.min(request.maxNewTokens, room),
      // Greedy, as Qwen's evaluation decodes: the checkpoint's generation_config
      // asks for sampling at temperature 0.7 with a 1.05 repetition penalty.
      // With `sampling`, the NucleusSampler draws the token and the greedy
      // step after it can only take that one.
      do_sample: false,
      repetition_penalty: 1.0,
      eos_token_id: [...STOP_TOKEN_IDS],
    };
    try {
      const run = { loaded, request, stops, promptIds, interrupt, common, reused };
      const result =
        samples > 1
          ? await this.sampleBatch(run, samples, options.onChunk)
          : await this.single(run, options);
      return {
        ...result,
        promptTokens,
        cachedTokens: reused.tokens,
        ms: performance.now() - started,
      };
    } catch (error) {
      await disposeCache(reused.cache);
      throw this.runError(error, loadRequest);
    } finally {
      restoreForward();
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** One generation, streamed. */
  private async single(
    { loaded: { tokenizer, model }, request, stops, promptIds, interrupt, common, reused }: Run,
    options: { onChunk?: (chunk: GenerateChunk) => void },
  ): Promise<Omit<GenerateResult, 'promptTokens' | 'ms'>> {
    const promptTokens = promptIds.length;
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
    const keep = request.conversation !== undefined;
    const output = (await model.generate({
      input_ids: idsTensor([promptIds]),
      attention_mask: ones(1, promptTokens),
      ...common,
      stopping_criteria: criteria,
      // Typed as TextStreamer by the kwargs' typings; generate() only calls put() and end().
      streamer: streamer as unknown as TextStreamer,
      ...(request.sampling
        ? { logits_processor: processorList(new NucleusSampler(request.sampling)) }
        : {}),
      ...(reused.cache ? { past_key_values: reused.cache } : {}),
      ...(keep ? { return_dict_in_generate: true } : {}),
    })) as Tensor | { sequences: Tensor; past_key_values: DynamicCache };
    const sequences = 'sequences' in output ? output.sequences : output;
    const all = (sequences.tolist() as bigint[][])[0] ?? [];
    if (request.conversation !== undefined && 'past_key_values' in output) {
      this.keep(request.conversation, all, output.past_key_values);
    }

    const ids = all.slice(promptTokens);
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
    return { text, finishReason, tokens, tokensPerSecond: speed() };
  }

  /**
   * `count` samples as one batch: the prompt is prefilled once (or taken from
   * the conversation's cache), its cache copied to every row, and each step
   * decodes all rows, reading the weights once for all of them.
   */
  private async sampleBatch(
    { loaded: { tokenizer, model }, request, stops, promptIds, interrupt, common, reused }: Run,
    count: number,
    onChunk?: (chunk: GenerateChunk) => void,
  ): Promise<Omit<GenerateResult, 'promptTokens' | 'ms'>> {
    const sampling = request.sampling as Sampling;
    const promptTokens = promptIds.length;
    // The cache for all prompt tokens but the last, which each row then feeds.
    let base = reused.cache;
    if (reused.tokens < promptTokens - 1) {
      const head = promptIds.slice(0, -1);
      const prefill = (await model.generate({
        input_ids: idsTensor([head]),
        attention_mask: ones(1, head.length),
        max_new_tokens: 1,
        do_sample: false,
        ...(base ? { past_key_values: base } : {}),
        return_dict_in_generate: true,
      })) as { past_key_values: DynamicCache };
      base = prefill.past_key_values;
    }
    const rowsCache = base ? await repeatCache(base, count) : undefined;
    if (request.conversation !== undefined && base) {
      this.keep(request.conversation, promptIds.slice(0, -1), base);
    } else {
      await disposeCache(base);
    }

    const finished: RowsFinished = new RowsFinished(
      tokenizer,
      stops,
      promptTokens,
      count,
      STOP_TOKEN_IDS,
      // The samples end at once when the batch does; before that, say how many are done.
      (done) =>
        onChunk?.({
          text: '',
          tokens: finished.stepTimes.length,
          tokensPerSecond: 0,
          samplesDone: done,
        }),
    );
    const criteria = new StoppingCriteriaList();
    criteria.push(interrupt);
    criteria.push(finished);
    const sampler = new NucleusSampler(sampling, count, {
      rows: finished.rows,
      padToken: STOP_TOKEN_IDS[0] as number,
    });
    const sequences = (await model.generate({
      input_ids: idsTensor(Array.from({ length: count }, () => promptIds)),
      attention_mask: ones(count, promptTokens),
      ...common,
      stopping_criteria: criteria,
      logits_processor: processorList(sampler),
      ...(rowsCache ? { past_key_values: rowsCache } : {}),
    })) as Tensor;
    await disposeCache(rowsCache);

    const results = samplesOf(
      sequences.tolist() as bigint[][],
      promptTokens,
      (ids) => tokenizer.decode(ids, { skip_special_tokens: true }),
      { stops, eosIds: STOP_TOKEN_IDS, interrupted: interrupt.interrupted },
    );
    const steps = finished.stepTimes;
    const first = steps[0] ?? 0;
    const last = steps.at(-1) ?? 0;
    const tokensPerSecond =
      steps.length > 1 && last > first ? ((steps.length - 1) * count * 1000) / (last - first) : 0;
    const head = results[0] as SampleResult;
    return { ...head, tokensPerSecond, samples: results };
  }

  /**
   * The kept cache, cut to what it shares with this prompt, when the request
   * continues its conversation; anything else frees it.
   */
  private async takeKept(
    conversation: string | undefined,
    promptIds: bigint[],
  ): Promise<{ cache?: DynamicCache; tokens: number }> {
    const kept = this.kept;
    this.kept = undefined;
    if (kept) clearTimeout(kept.timer);
    if (!kept || conversation === undefined || kept.conversation !== conversation) {
      await disposeCache(kept?.cache);
      return { tokens: 0 };
    }
    const tokens = reusablePrefix(kept.ids, promptIds);
    if (tokens === 0) {
      await disposeCache(kept.cache);
      return { tokens: 0 };
    }
    if (tokens === kept.ids.length) return { cache: kept.cache, tokens };
    const cache = await truncateCache(kept.cache, tokens);
    await disposeCache(kept.cache);
    return { cache, tokens };
  }

  /** Keeps `cache` (keys and values for the first tokens of `ids`) for the conversation's next round. */
  private keep(conversation: string, ids: bigint[], cache: DynamicCache): void {
    const length = cache.get_seq_length();
    const timer = setTimeout(() => {
      if (this.kept?.cache !== cache) return;
      this.kept = undefined;
      void disposeCache(cache);
    }, KEEP_CACHE_MS);
    // Node: a kept cache must not hold a CLI open.
    (timer as { unref?: () => void }).unref?.();
    this.kept = { conversation, ids: ids.slice(0, length), cache, timer };
  }

  async dispose(): Promise<void> {
    await this.takeKept(undefined, []);
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
