/**
 * The page bench/llm-real.ts drives: the app's LLM client (its worker runs
 * LlmEngine, exactly as in the app) and a bare onnxruntime-web decode loop in
 * a worker of its own, both loaded from the Cache API, plus a memory copy
 * benchmark. Node calls these through page.evaluate, one step at a time.
 */
import { LlmClient } from '../../src/engines/llm/client';
import type { LoadRequest } from '../../src/engines/llm/protocol';
import { voteTimes } from '../vote';
import type { BareLoad, BareRun, BareTimes } from './bare';
import { copyBandwidth } from './copy';

export type Flavour = 'asyncify' | 'wasm' | 'jspi';

/** A generation as seen from the page: when each token's text arrived. */
export interface Observed {
  /** ms from the request to the first chunk, and how many tokens it carried. */
  firstChunk: number;
  firstTokens: number;
  /** ms and token count of the last chunk. */
  lastChunk: number;
  lastTokens: number;
  total: number;
  tokens: number;
}

const workers: Record<Flavour, () => Worker> = {
  asyncify: () =>
    new Worker(new URL('./bare-asyncify.worker.ts', import.meta.url), { type: 'module' }),
  wasm: () => new Worker(new URL('./bare-wasm.worker.ts', import.meta.url), { type: 'module' }),
  jspi: () => new Worker(new URL('./bare-jspi.worker.ts', import.meta.url), { type: 'module' }),
};

let client: LlmClient | undefined;
let bare: Worker | undefined;

function call<T>(worker: Worker, message: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      // A worker's trace lines go to the page's console (the bench prints them).
      if ('trace' in data) console.log(`trace: ${data.trace}`);
      else if (data.ok) resolve(data.result as T);
      else reject(new Error(data.error));
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(message);
  });
}

const api = {
  info: async () => {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    const adapter = await gpu?.requestAdapter().catch(() => null);
    return {
      crossOriginIsolated,
      hardwareConcurrency: navigator.hardwareConcurrency,
      userAgent: navigator.userAgent,
      adapter: adapter
        ? {
            vendor: adapter.info.vendor,
            architecture: adapter.info.architecture,
            description: adapter.info.description,
            fallback: (adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean })
              .isFallbackAdapter,
            shaderF16: adapter.features.has('shader-f16'),
          }
        : null,
    };
  },

  appLoad: async (request: LoadRequest) => {
    client ??= new LlmClient();
    const started = performance.now();
    const result = await client.load(request);
    return { ms: performance.now() - started, engineMs: result.ms };
  },

  appRun: async (prompt: string, tokens: number): Promise<Observed> => {
    if (!client) throw new Error('not loaded');
    const started = performance.now();
    const seen = { firstChunk: 0, firstTokens: 0, lastChunk: 0, lastTokens: 0 };
    let shown = '';
    const result = await client.generate(
      { prompt, maxNewTokens: tokens },
      {
        // The UI's per-chunk work, minus rendering: append the text.
        onChunk: (chunk) => {
          const now = performance.now() - started;
          shown += chunk.text;
          if (seen.firstTokens === 0) {
            seen.firstChunk = now;
            seen.firstTokens = chunk.tokens;
          }
          seen.lastChunk = now;
          seen.lastTokens = chunk.tokens;
        },
      },
    );
    void shown;
    return { ...seen, total: performance.now() - started, tokens: result.tokens };
  },

  /** k sequential samples against one batch of k, through the app's worker. */
  appVote: async (prompt: string, k: number, tokens: number) => {
    if (!client) throw new Error('not loaded');
    return voteTimes(client, prompt, k, tokens);
  },

  appDispose: async () => {
    await client?.dispose();
    client = undefined;
  },

  bareLoad: async (flavour: Flavour, request: BareLoad) => {
    bare?.terminate();
    bare = workers[flavour]();
    const started = performance.now();
    const result = await call<{ ms: number; readMs: number }>(bare, { type: 'load', request });
    return { ...result, ms: performance.now() - started };
  },

  bareRun: async (request: BareRun): Promise<Observed> => {
    if (!bare) throw new Error('not loaded');
    const started = performance.now();
    const times = await call<BareTimes>(bare, { type: 'run', request });
    const total = performance.now() - started;
    return {
      firstChunk: times.first,
      firstTokens: 1,
      lastChunk: times.steps.at(-1) ?? times.first,
      lastTokens: 1 + times.steps.length,
      total,
      tokens: 1 + times.steps.length,
    };
  },

  bareDispose: async () => {
    if (bare) await call(bare, { type: 'dispose' });
    bare?.terminate();
    bare = undefined;
  },

  /** Bytes per second moved by `threads` threads copying at once (1: this page's thread). */
  copy: async (threads: number, megabytes: number) => {
    if (threads === 1) return copyBandwidth(megabytes);
    const pool = Array.from(
      { length: threads },
      () => new Worker(new URL('./copy.worker.ts', import.meta.url), { type: 'module' }),
    );
    try {
      const each = await Promise.all(pool.map((w) => call<number>(w, { megabytes, passes: 6 })));
      return each.reduce((a, b) => a + b, 0);
    } finally {
      for (const w of pool) w.terminate();
    }
  },
};

export type LlmBenchApi = typeof api;
(window as unknown as { llmBench: LlmBenchApi }).llmBench = api;
