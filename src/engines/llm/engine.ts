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
  LogitsProcessor,
  LogitsProcessorList,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  random,
  StoppingCriteria,
  StoppingCriteriaList,
  type Tensor,
  TextStreamer,
} from '@huggingface/transformers';
import { AppError } from '../../core/errors';
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
  Sampling,
} from './protocol';
import { configureModelSource } from './source';

interface Loaded {
  request: LoadRequest;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
}

/** How many trailing tokens to decode when looking for a stop string. */
const STOP_WINDOW_TOKENS = 24;

export class LlmEngine implements LlmEngineApi {
  private loaded: Loaded | undefined;
  private generating = false;

  async probe(): Promise<BackendProbe> {
    const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
    if (!gpu) return { webgpu: false, shaderF16: false, reason: 'This browser has no WebGPU.' };
    try {
      const adapter = await gpu.requestAdapter();
      if (!adapter) return { webgpu: false, shaderF16: false, reason: 'No WebGPU adapter.' };
      return { webgpu: true, shaderF16: adapter.features.has('shader-f16') };
    } catch (error) {
      return { webgpu: false, shaderF16: false, reason: String(error) };
    }
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
      const tokenizer = await AutoTokenizer.from_pretrained(modelName, { progress_callback });
      const model = await AutoModelForCausalLM.from_pretrained(modelName, {
        dtype: request.dtype,
        device: request.device,
        progress_callback,
      });
      this.loaded = { request, tokenizer, model };
    } catch (error) {
      throw loadError(error, request);
    }
    return {
      modelId: request.modelId,
      device: request.device,
      dtype: request.dtype,
      ms: performance.now() - started,
    };
  }

  async generate(
    request: GenerateRequest,
    options: { onChunk?: (chunk: GenerateChunk) => void; signal?: AbortSignal } = {},
  ): Promise<GenerateResult> {
    const loaded = this.loaded;
    if (!loaded)
      throw new AppError('not-loaded', 'No model is loaded. Pick a model and press Solve.');
    if (this.generating) throw new AppError('busy', 'The model is still answering. Stop it first.');
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
    if (room < 1) {
      throw new AppError(
        'prompt-too-long',
        `The problem is too long for this model (${promptTokens} tokens; it reads at most ` +
          `${loadRequest.contextLength - 1}). Shorten it or split it into parts.`,
      );
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
    const streamer = new TextStreamer(tokenizer, {
      skip_prompt: true,
      skip_special_tokens: true,
      token_callback_function: () => {
        tokens++;
        lastTokenAt = performance.now();
        if (tokens === 1) firstTokenAt = lastTokenAt;
      },
      callback_function: (text: string) => chunks.push(text),
    });

    let sequences: Tensor;
    const restoreForward = yieldBeforeEachStep(model);
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
        streamer,
        ...(sampler ? { logits_processor: processorList(sampler) } : {}),
      })) as Tensor;
    } catch (error) {
      if (loadRequest.device === 'webgpu') {
        throw new AppError('webgpu-failed', `WebGPU could not run the model: ${messageOf(error)}`, {
          cause: error,
        });
      }
      throw error;
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

/**
 * On the WASM backend every await inside generate() resolves as a microtask,
 * so a worker never gets to read its message queue until generation ends and
 * Stop would arrive too late. Yielding one macrotask before each forward pass
 * lets the interrupt in. A MessageChannel round trip costs microseconds; a
 * setTimeout(0) would be clamped to 4 ms per token.
 */
function yieldBeforeEachStep(model: PreTrainedModel): () => void {
  const target = model as unknown as { forward: (inputs: unknown) => Promise<unknown> };
  const forward = target.forward;
  const own = Object.hasOwn(target, 'forward');
  target.forward = async (inputs: unknown) => {
    await nextMacrotask();
    return forward.call(model, inputs);
  };
  return () => {
    if (own) target.forward = forward;
    else delete (target as { forward?: unknown }).forward;
  };
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Ends generation once the decoded tail of the generated text contains one of
 * the stop strings. Only generated tokens count: in tool-integrated reasoning
 * the prompt itself ends with earlier "```output" blocks.
 */
class StopStringCriteria extends StoppingCriteria {
  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly stops: string[],
    private readonly promptTokens: number,
  ) {
    super();
  }

  override _call(inputIds: number[][]): boolean[] {
    if (this.stops.length === 0) return inputIds.map(() => false);
    return inputIds.map((ids) => {
      const from = Math.max(this.promptTokens, ids.length - STOP_WINDOW_TOKENS);
      const tail = this.tokenizer.decode(ids.slice(from), { skip_special_tokens: true });
      return firstStop(tail, this.stops) >= 0;
    });
  }
}

function firstStop(text: string, stops: string[], from = 0): number {
  let at = -1;
  for (const stop of stops) {
    const index = text.indexOf(stop, from);
    if (index >= 0 && (at < 0 || index < at)) at = index;
  }
  return at;
}

/**
 * Passes streamed text on, except a tail that may still grow into a stop
 * string and everything from the first stop string on: without this a client
 * would show "```output" for a moment and then get a result without it. The
 * chunks add up to the returned text.
 */
class HeldBackStream {
  private text = '';
  private sent = 0;
  private stopped = false;
  private readonly longest: number;

  constructor(
    private readonly stops: string[],
    private readonly emit: (text: string) => void,
  ) {
    this.longest = Math.max(0, ...stops.map((s) => s.length));
  }

  push(piece: string): void {
    if (this.stopped || piece === '') return;
    this.text += piece;
    let end = this.text.length;
    if (this.stops.length > 0) {
      // A stop string not in the text before this piece must end inside it.
      const at = firstStop(this.text, this.stops, Math.max(0, this.sent - this.longest));
      if (at >= 0) {
        end = at;
        this.stopped = true;
      } else {
        end -= this.partialStopAtEnd();
      }
    }
    if (end > this.sent) {
      this.emit(this.text.slice(this.sent, end));
      this.sent = end;
    }
  }

  /** Sends whatever of the final text is still unsent (a held tail that never became a stop). */
  finish(finalText: string): void {
    if (finalText.length > this.sent && finalText.startsWith(this.text.slice(0, this.sent))) {
      this.emit(finalText.slice(this.sent));
      this.sent = finalText.length;
    }
  }

  /** Length of the longest end of the text that is a proper prefix of a stop string. */
  private partialStopAtEnd(): number {
    let held = 0;
    for (const stop of this.stops) {
      for (let k = Math.min(stop.length - 1, this.text.length); k > held; k--) {
        if (this.text.endsWith(stop.slice(0, k))) {
          held = k;
          break;
        }
      }
    }
    return held;
  }
}

/**
 * Temperature and nucleus (top-p) sampling as vLLM runs Qwen's maj@k
 * evaluation, top-k off. transformers.js 4.3 cannot do this itself: its top-p
 * warper is a stub, its sampler applies top_k (50 by default, 20 from Qwen's
 * generation_config) and draws from a global unseeded generator. So this
 * processor draws the token with its own seeded generator and leaves only that
 * token finite; the greedy step that follows takes it.
 */
class NucleusSampler extends LogitsProcessor {
  private readonly rng: InstanceType<typeof random.Random>;

  constructor(private readonly sampling: Sampling) {
    super();
    const { temperature, topP } = sampling;
    if (!(temperature > 0 && Number.isFinite(temperature)) || !(topP > 0 && topP <= 1)) {
      throw new AppError(
        'internal',
        `Sampling needs a temperature above 0 and a top-p in (0, 1] (got ${temperature}, ${topP}).`,
      );
    }
    this.rng = new random.Random(sampling.seed);
  }

  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    const data = logits.data as Float32Array;
    const vocab = logits.dims.at(-1) ?? data.length;
    for (let row = 0; row + vocab <= data.length; row += vocab) {
      const scores = data.subarray(row, row + vocab);
      const token = sampleNucleus(scores, this.sampling, this.rng.random());
      scores.fill(Number.NEGATIVE_INFINITY);
      scores[token] = 0;
    }
    return logits;
  }
}

function processorList(processor: LogitsProcessor): LogitsProcessorList {
  const list = new LogitsProcessorList();
  list.push(processor);
  return list;
}

/** Nucleus bookkeeping: probabilities grouped by how many nats below the top they are. */
const BINS_PER_NAT = 16;
const BINS = BINS_PER_NAT * 40;

/**
 * One draw from softmax(logits / temperature) restricted to its nucleus: the
 * fewest most-likely tokens whose probabilities reach topP. `u` is uniform in
 * [0, 1); the nucleus is walked from the most likely bin down, so a small `u`
 * gives a most likely token. Sorting 151,936 scores per token would cost more
 * than a tiny model's forward pass when the distribution is flat, so tokens
 * are binned by log-probability first and only the bin where the nucleus ends
 * is sorted.
 */
export function sampleNucleus(
  logits: ArrayLike<number>,
  { temperature, topP }: Pick<Sampling, 'temperature' | 'topP'>,
  u: number,
): number {
  const n = logits.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if ((logits[i] as number) > max) max = logits[i] as number;
  const weights = new Float64Array(n);
  const bins = new Uint16Array(n);
  const binMass = new Float64Array(BINS);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const nats = (max - (logits[i] as number)) / temperature;
    const w = Math.exp(-nats);
    const bin = Math.min(BINS - 1, Math.floor(nats * BINS_PER_NAT));
    weights[i] = w;
    bins[i] = bin;
    binMass[bin] = (binMass[bin] as number) + w;
    total += w;
  }
  const target = topP >= 1 ? total : topP * total;
  let last = 0;
  let before = 0;
  while (last < BINS - 1 && before + (binMass[last] as number) < target) {
    before += binMass[last] as number;
    last++;
  }
  // Every token of the bins before `last` is in; of bin `last`, the most likely until topP.
  const order: number[][] = Array.from({ length: last + 1 }, () => []);
  for (let i = 0; i < n; i++) if ((bins[i] as number) <= last) order[bins[i] as number]?.push(i);
  const edge = order[last] ?? [];
  edge.sort((a, b) => (weights[b] as number) - (weights[a] as number) || a - b);
  let mass = before;
  let cut = 0;
  while (cut < edge.length && (cut === 0 || mass < target))
    mass += weights[edge[cut++] as number] as number;
  edge.length = cut;

  let x = u * mass;
  let chosen = edge[0] ?? 0;
  for (const group of order) {
    for (const i of group) {
      chosen = i;
      x -= weights[i] as number;
      if (x < 0) return i;
    }
  }
  return chosen;
}

interface ProgressInfo {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

function loadError(error: unknown, request: LoadRequest): AppError {
  const message = messageOf(error);
  if (request.device === 'webgpu' && !/locate file|not found|404|fetch/i.test(message)) {
    return new AppError('webgpu-failed', `WebGPU could not load the model: ${message}`, {
      cause: error,
    });
  }
  return new AppError(
    'model-files',
    `Could not load the model "${request.modelId}" from ${request.folder}: ${message}. ` +
      'Check your connection or the model host, or pick another model.',
    { cause: error },
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
