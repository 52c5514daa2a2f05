/**
 * A bare onnxruntime-web decode loop on the same ONNX file the app loads:
 * prefill, then one token at a time, greedy, the KV cache bound as
 * transformers.js binds it (CPU tensors on WASM; on WebGPU the present.*
 * outputs stay on the GPU, 'gpu-buffer', and are fed back as they are, unless
 * `kvOnCpu` asks for the copy through the CPU that the app would pay without
 * that binding). It runs in a worker of its own, like the app's engine; the
 * flavour of onnxruntime-web (the asyncify build transformers.js uses, the
 * plain WASM build, JSPI) is chosen by the worker entry that imports it.
 */
import type * as Ort from 'onnxruntime-web';
import { isWasmThread } from '../../src/engines/wasm-thread';

type OrtModule = typeof Ort;

export interface BareLoad {
  url: string;
  device: 'wasm' | 'webgpu';
  threads: number;
  /** num_hidden_layers: the present.{i}.key|value outputs to keep on the GPU. */
  layers: number;
  kvOnCpu?: boolean;
  /** External data files next to the .onnx file, as the exporter names them. */
  externalData?: string[];
  /** Post a `{ trace }` message at each session.run's start and end (debugging a hang). */
  trace?: boolean;
}

export interface BareRun {
  /** The prompt's token ids. */
  ids: number[];
  tokens: number;
}

export interface BareTimes {
  /** ms from the request to the first token (prefill and its argmax). */
  first: number;
  /** ms at which each token after the first was chosen, from the request. */
  steps: number[];
  total: number;
}

/** The model file from the Cache API (where transformers.js keeps it), or the network. */
async function modelBytes(url: string): Promise<Uint8Array> {
  const cache = await caches.open('transformers-cache');
  let response = await cache.match(url);
  if (!response) {
    response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    await cache.put(url, response.clone());
  }
  return new Uint8Array(await response.arrayBuffer());
}

export function bareWorker(ort: OrtModule, wasmUrl: string): void {
  // This chunk also runs as each WASM thread; there Emscripten's onmessage
  // must stay (src/engines/wasm-thread.ts: the isolated page's hang).
  if (isWasmThread(self.name)) return;
  let session: Ort.InferenceSession | undefined;
  let options: BareLoad | undefined;

  const load = async (request: BareLoad) => {
    ort.env.wasm.wasmPaths = { wasm: wasmUrl };
    ort.env.wasm.numThreads = request.threads;
    const started = performance.now();
    const bytes = await modelBytes(request.url);
    // Passed as bytes, as transformers.js passes them.
    const externalData = await Promise.all(
      (request.externalData ?? []).map(async (name) => ({
        path: name,
        data: await modelBytes(new URL(name, request.url).href),
      })),
    );
    const read = performance.now() - started;
    const presents = Array.from({ length: request.layers }, (_, i) => [
      `present.${i}.key`,
      `present.${i}.value`,
    ]).flat();
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: [request.device],
      ...(externalData.length > 0 ? { externalData } : {}),
      ...(request.device === 'webgpu' && !request.kvOnCpu
        ? {
            preferredOutputLocation: Object.fromEntries(
              presents.map((name) => [name, 'gpu-buffer' as const]),
            ),
          }
        : {}),
    });
    options = request;
    return { ms: performance.now() - started, readMs: read };
  };

  const run = async ({ ids, tokens }: BareRun): Promise<BareTimes> => {
    if (!session || !options) throw new Error('not loaded');
    const started = performance.now();
    const meta = session.inputMetadata as unknown as {
      name: string;
      isTensor: boolean;
      type: string;
      shape: (number | string)[];
    }[];
    const pastInputs = meta.filter((m) => m.name.startsWith('past_key_values.'));
    let past: Record<string, Ort.Tensor> = {};
    for (const m of pastInputs) {
      const shape = m.shape.map((d) => (typeof d === 'number' ? d : d === 'batch_size' ? 1 : 0));
      const type = m.type as 'float32' | 'float16';
      const data = type === 'float16' ? new Uint16Array(0) : new Float32Array(0);
      past[m.name] = new ort.Tensor(type, data, shape);
    }
    const hasLogitsToKeep = session.inputNames.includes('num_logits_to_keep');
    const hasPositions = session.inputNames.includes('position_ids');
    let input = ids.map(BigInt);
    let length = 0;
    let first = 0;
    const steps: number[] = [];
    for (let produced = 0; produced < tokens; produced++) {
      const total = length + input.length;
      const feeds: Record<string, Ort.Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(input), [1, input.length]),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
        ...past,
      };
      if (hasPositions) {
        const positions = BigInt64Array.from(input, (_, i) => BigInt(length + i));
        feeds.position_ids = new ort.Tensor('int64', positions, [1, input.length]);
      }
      if (hasLogitsToKeep) feeds.num_logits_to_keep = new ort.Tensor('int64', [1n], []);
      if (options.trace) self.postMessage({ trace: `run ${produced} start (${input.length} ids)` });
      const outputs = await session.run(feeds);
      if (options.trace) self.postMessage({ trace: `run ${produced} end` });
      const logits = outputs.logits as Ort.Tensor;
      const next = argmaxLast(
        (logits.location === 'cpu' ? logits.data : await logits.getData()) as Float32Array,
        logits.dims,
      );
      logits.dispose();
      const fresh: Record<string, Ort.Tensor> = {};
      for (const [name, tensor] of Object.entries(outputs)) {
        if (!name.startsWith('present')) continue;
        let kept = tensor;
        if (options.kvOnCpu && tensor.location === 'gpu-buffer') {
          kept = new ort.Tensor(
            tensor.type as 'float32',
            (await tensor.getData(true)) as Float32Array,
            tensor.dims,
          );
        }
        fresh[name.replace('present', 'past_key_values')] = kept;
      }
      // The previous step's cache is no longer needed (transformers.js's DynamicCache.update).
      for (const tensor of Object.values(past)) {
        if (tensor.location === 'gpu-buffer') tensor.dispose();
      }
      past = fresh;
      length = total;
      input = [BigInt(next)];
      const now = performance.now() - started;
      if (produced === 0) first = now;
      else steps.push(now);
    }
    for (const tensor of Object.values(past))
      if (tensor.location === 'gpu-buffer') tensor.dispose();
    return { first, steps, total: performance.now() - started };
  };

  self.onmessage = async ({ data }: MessageEvent) => {
    try {
      let result: unknown = null;
      if (data.type === 'load') result = await load(data.request as BareLoad);
      else if (data.type === 'run') result = await run(data.request as BareRun);
      else {
        await session?.release();
        session = undefined;
      }
      self.postMessage({ ok: true, result });
    } catch (error) {
      self.postMessage({ ok: false, error: String((error as Error)?.stack ?? error) });
    }
  };
}

function argmaxLast(data: Float32Array, dims: readonly number[]): number {
  const vocab = dims.at(-1) ?? data.length;
  const from = data.length - vocab;
  let best = from;
  for (let i = from + 1; i < data.length; i++)
    if ((data[i] as number) > (data[best] as number)) best = i;
  return best - from;
}
