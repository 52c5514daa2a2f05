/**
 * What the main thread and the LLM worker say to each other: the engine's
 * interface, and its calls as a map for the generic wire (../rpc).
 */
import type { Dtype } from '../../core/registry';
import type { Call, FromWorker, ToWorker } from '../rpc/calls';

export type Device = 'webgpu' | 'wasm' | 'cpu';

export interface BackendProbe {
  webgpu: boolean;
  shaderF16: boolean;
  /** The adapter is a software rasteriser (`isFallbackAdapter`): slower than WASM. */
  fallbackAdapter?: boolean;
  /** Vendor, architecture and description of the adapter, to remember verdicts per GPU. */
  adapter?: string;
  /** Why WebGPU is unavailable, for the Engine status tooltip. */
  reason?: string;
}

export interface LoadRequest {
  modelId: string;
  /** The model's name as the student sees it, for messages. */
  modelName?: string;
  /** Absolute URL of the model folder (browser) or a local directory (Node). */
  folder: string;
  dtype: Dtype;
  device: Device;
  /** Longest prompt + generation the model supports, in tokens. */
  contextLength: number;
  /**
   * Put the model's files on the device first (browser, http(s) folders):
   * ranged parts that survive a dropped connection, sizes checked
   * (store.ts). Progress comes as the 'download' phase.
   */
  store?: { expectedBytes?: number };
}

export interface FileProgress {
  loaded: number;
  total: number;
}

export interface LoadProgress {
  /** 'download' while bytes arrive (from network or cache), 'compile' while sessions are created. */
  phase: 'download' | 'compile';
  loaded: number;
  total: number;
  files: Record<string, FileProgress>;
}

export interface LoadResult {
  modelId: string;
  device: Device;
  dtype: Dtype;
  ms: number;
  /** The checkpoint's own sampling settings (generation_config.json), for voting. */
  sampling?: { temperature: number; topP: number };
}

/** A short greedy run whose output is judged by src/core/self-check.ts. */
export interface SelfCheckRequest {
  prompt: string;
  maxNewTokens: number;
}

export interface SelfCheckResult {
  tokens: number[];
  /** Every logit of every step was finite. */
  finite: boolean;
}

/**
 * Random decoding as vLLM does it for Qwen's maj@k runs: temperature, then
 * nucleus (top-p), no top-k.
 */
export interface Sampling {
  /** Above 0; below 1 sharpens the distribution. */
  temperature: number;
  /** In (0, 1]: draw among the most likely tokens whose probabilities add up to topP. */
  topP: number;
  /** Makes the draws repeatable; fresh entropy when absent. */
  seed?: number;
}

export interface GenerateRequest {
  prompt: string;
  maxNewTokens: number;
  /** Strings that end generation; the text returned stops before the first one found. */
  stop?: string[];
  /** Sample instead of decoding greedily (the eval's maj@k; the app stays greedy). */
  sampling?: Sampling;
  /**
   * A conversation turn: fewer tokens of room than this after the prompt is
   * 'context-full' (the conversation is too long to go on), not a short reply.
   */
  reserveTokens?: number;
  /**
   * Draw this many samples of the prompt at once, as one batch (needs
   * `sampling`; sample i is drawn with seed + i). The prompt is prefilled
   * once and every step decodes all samples together. The result's `samples`
   * has one entry each and its own fields describe the first. Chunks carry
   * no text then, only `samplesDone` each time a sample ends. Default 1.
   */
  samples?: number;
  /**
   * The same id for requests that each continue the last one's text (the
   * rounds of tool-integrated reasoning): the engine keeps the KV cache
   * between them and prefills only the tokens after the longest common token
   * prefix. Without it nothing is kept.
   */
  conversation?: string;
}

export interface GenerateChunk {
  /**
   * New text since the previous chunk. Text that may still become a stop string
   * is held back, so the chunks add up to the result's text.
   */
  text: string;
  tokens: number;
  /** Decode speed so far, excluding the first token (prefill). */
  tokensPerSecond: number;
  /** With `samples`: how many samples have ended (the chunk's text is empty). */
  samplesDone?: number;
}

export type FinishReason = 'eos' | 'length' | 'stop' | 'aborted';

export interface GenerateResult {
  text: string;
  finishReason: FinishReason;
  promptTokens: number;
  /** Prompt tokens whose keys and values came from the conversation's kept cache (not prefilled). */
  cachedTokens?: number;
  tokens: number;
  tokensPerSecond: number;
  ms: number;
  /** With `samples`: each sample, in seed order. */
  samples?: SampleResult[];
}

export interface SampleResult {
  text: string;
  finishReason: FinishReason;
  /** Generated tokens, the end-of-sequence token included. */
  tokens: number;
}

/** The engine's interface: implemented by the engine itself and by the main-thread client. */
export interface LlmEngineApi {
  probe(): Promise<BackendProbe>;
  load(
    request: LoadRequest,
    options?: { onProgress?: (progress: LoadProgress) => void; signal?: AbortSignal },
  ): Promise<LoadResult>;
  generate(
    request: GenerateRequest,
    options?: { onChunk?: (chunk: GenerateChunk) => void; signal?: AbortSignal },
  ): Promise<GenerateResult>;
  selfCheck(request: SelfCheckRequest): Promise<SelfCheckResult>;
  dispose(): Promise<void>;
}

/**
 * The worker's calls (src/engines/rpc/calls.ts has the wire format). A
 * generation reports its chunks as progress, and a cancelled one still ends
 * with a result (finishReason 'aborted').
 */
export type LlmCalls = {
  probe: Call<void, BackendProbe>;
  load: Call<LoadRequest, LoadResult, LoadProgress>;
  generate: Call<GenerateRequest, GenerateResult, GenerateChunk>;
  'self-check': Call<SelfCheckRequest, SelfCheckResult>;
  dispose: Call<void, null>;
};

export type LlmRequest = ToWorker<LlmCalls>;
export type LlmReply = FromWorker<LlmCalls>;
