/**
 * Real shapes in the browser: a model with Qwen2-Math-1.5B's exact shapes
 * (random weights from the project's exporter) in Chromium, the app's worker
 * path against a bare onnxruntime-web decode loop on the same ONNX file, in
 * the same page and run, and decode against the machine's memory bandwidth.
 * docs/benchmarks/llm.md explains the method and records the results.
 *
 * The model is built once into .scratch/bench-models/ (about 5 minutes and
 * 3 GB of checkpoint, deleted afterwards; never committed), or taken from
 * LLM_BENCH_MODEL_DIR. `--gpu` opens a headed Chromium on the machine's real
 * GPU instead (see docs/benchmarks/llm.md); `--paths` also measures
 * onnxruntime-web's other builds and threads; `--threads` measures only
 * WASM threads (1 and 2 in a cross-origin isolated page, against 1 in a plain
 * page), without the app / bare comparison.
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { BenchRow } from '../scripts/bench';
import { buildPrompt } from '../src/core/prompts';
import type { LoadRequest } from '../src/engines/llm/protocol';
import type { BareLoad } from './llm-page/bare';
import type { Flavour, LlmBenchApi, Observed } from './llm-page/main';
import { chromiumProcesses, peakBytes, resetPeak } from './proc';
import type { VoteTimes } from './vote';

type Row = Omit<BenchRow, 'bench'>;
type Dtype = 'q4' | 'q4f16';

const ROOT = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MODEL_ID = 'qwen2-1.5b-shape';
export const MODEL_DIR =
  process.env.LLM_BENCH_MODEL_DIR ?? path.join(ROOT, '.scratch', 'bench-models', MODEL_ID);
/** Ports 4190-4199 are this bench's (other sessions use other ones). */
const PORT = Number(process.env.LLM_BENCH_PORT ?? 4190);
const PROMPT_TOKENS = 300;
const DECODE_TOKENS = Number(process.env.LLM_BENCH_TOKENS ?? 24);
const ROUNDS = Number(process.env.LLM_BENCH_ROUNDS ?? 3);
const LAYERS = 28;
/** Tokens per sample in the vote comparison. */
const VOTE_TOKENS = 16;
/** Keys and values per token, all layers: 28 layers × (K, V) × 2 heads × 128. */
const KV_VALUES_PER_TOKEN = LAYERS * 2 * 2 * 128;

export interface RealOptions {
  gpu: boolean;
  paths: boolean;
  /** Only the thread cases of `paths` (no app / bare comparison). */
  threads?: boolean;
}

/** The 1.5B-shaped model folder, exported on first use. */
function ensureModel(dtypes: Dtype[]): string | undefined {
  const missing = dtypes.filter(
    (d) => !existsSync(path.join(MODEL_DIR, 'onnx', `model_${d}.onnx`)),
  );
  if (missing.length === 0) return undefined;
  if (process.env.LLM_BENCH_MODEL_DIR) return `no ${missing.join(', ')} model in ${MODEL_DIR}`;
  const checkpoint = path.join(ROOT, '.scratch', 'bench-models', 'checkpoint-1.5b');
  console.log(`llm: exporting a 1.5B-shaped model (${missing.join(', ')}) to ${MODEL_DIR}…`);
  const tsx = (args: string[]) =>
    spawnSync('npx', ['tsx', ...args], { cwd: ROOT, stdio: 'inherit' }).status === 0;
  try {
    if (
      !tsx([
        'scripts/make-random-checkpoint.ts',
        '--out',
        checkpoint,
        '--shape',
        'qwen2-math-1.5b',
      ]) ||
      !tsx([
        'scripts/export-model.ts',
        '--from',
        checkpoint,
        '--out',
        MODEL_DIR,
        '--dtype',
        missing.join(','),
        '--id',
        MODEL_ID,
        // onnxruntime-web cannot create a session from a 1.2-1.8 GB file with
        // its weights inline (std::bad_alloc in its 4 GB heap); with external
        // data it can (docs/benchmarks/llm.md).
        '--external',
        'always',
      ])
    ) {
      return 'the export failed (see above)';
    }
  } finally {
    rmSync(checkpoint, { recursive: true, force: true });
  }
  return undefined;
}

/** A prompt in the app's template that is exactly PROMPT_TOKENS tokens long. */
export async function promptOf(): Promise<{ text: string; ids: number[] }> {
  const { AutoTokenizer, env } = await import('@huggingface/transformers');
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = `${path.dirname(MODEL_DIR)}/`;
  const tokenizer = await AutoTokenizer.from_pretrained(path.basename(MODEL_DIR));
  const count = (text: string) =>
    (tokenizer(text, { add_special_tokens: false }).input_ids as { dims: number[] }).dims.at(-1) ??
    0;
  const sentence =
    'A train leaves the station at 9:15 and travels 84 km at a constant speed, then stops for 12 minutes. ';
  let problem = '';
  while (count(buildPrompt('qwen-boxed', problem)) < PROMPT_TOKENS) problem += sentence;
  // Trim word by word, then letter by letter, to exactly PROMPT_TOKENS.
  while (count(buildPrompt('qwen-boxed', problem)) > PROMPT_TOKENS) {
    const cut = problem.lastIndexOf(' ', problem.length - 2);
    const shorter = problem.slice(0, cut + 1);
    problem =
      count(buildPrompt('qwen-boxed', shorter)) >= PROMPT_TOKENS ? shorter : problem.slice(0, -1);
  }
  const text = buildPrompt('qwen-boxed', problem);
  const ids = Array.from(
    (tokenizer(text, { add_special_tokens: false }).input_ids as { data: BigInt64Array }).data,
    Number,
  );
  return { text, ids };
}

export async function buildPage(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: path.join(import.meta.dirname, 'llm-page'),
    logLevel: 'error',
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8192 },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/**
 * The page and the model from one origin. `?coi=1` on the document adds
 * COOP/COEP (cross-origin isolation: SharedArrayBuffer, so WASM threads);
 * every other response may be embedded by an isolated page (CORP), so one
 * origin, and one Cache API copy of the model, serves both cases.
 */
export function serve(pageDir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let file: string;
    if (url.pathname.startsWith(`/models/${MODEL_ID}/`)) {
      file = path.join(MODEL_DIR, url.pathname.slice(`/models/${MODEL_ID}/`.length));
    } else {
      file = path.join(pageDir, url.pathname === '/' ? 'index.html' : url.pathname);
    }
    if (url.pathname === '/' && url.searchParams.get('coi') === '1') {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    if (
      url.pathname.split('/').includes('..') ||
      !existsSync(file) ||
      statSync(file).isDirectory()
    ) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', statSync(file).size);
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(PORT, 'localhost', () => resolve(server));
  });
}

/** Decode tokens/s between the first and the last chunk (prefill excluded). */
function decodeSpeed(o: Observed): number {
  const tokens = o.lastTokens - o.firstTokens;
  return tokens > 0 && o.lastChunk > o.firstChunk
    ? (tokens * 1000) / (o.lastChunk - o.firstChunk)
    : 0;
}

/** Time to the first token: the first chunk, less any tokens it carried beyond the first. */
function firstToken(o: Observed): number {
  const step = 1000 / (decodeSpeed(o) || Number.POSITIVE_INFINITY);
  return o.firstChunk - (o.firstTokens - 1) * step;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export class Bench {
  private context: BrowserContext | undefined;
  page: Page | undefined;
  readonly profile = mkdtempSync(path.join(os.tmpdir(), 'llm-real-profile-'));

  constructor(
    private readonly origin: string,
    private readonly gpu: boolean,
  ) {}

  async open(isolated: boolean): Promise<void> {
    await this.close();
    const { chromium } = await import('playwright-core');
    this.context = await chromium.launchPersistentContext(this.profile, {
      executablePath: CHROMIUM,
      headless: !this.gpu,
      args: [
        '--no-sandbox',
        '--enable-unsafe-webgpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // A real GPU on Linux: Chromium's blocklist would otherwise often refuse it.
        ...(this.gpu ? ['--ignore-gpu-blocklist', '--enable-features=Vulkan'] : []),
      ],
    });
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    this.page.setDefaultTimeout(0);
    await this.page.goto(`${this.origin}/?coi=${isolated ? 1 : 0}`);
    await this.page.waitForFunction(() => 'llmBench' in window);
  }

  call<K extends keyof LlmBenchApi>(
    name: K,
    ...args: Parameters<LlmBenchApi[K]>
  ): Promise<Awaited<ReturnType<LlmBenchApi[K]>>> {
    const page = this.page;
    if (!page) throw new Error('no page');
    return page.evaluate(
      ({ name, args }) =>
        (
          (window as unknown as { llmBench: Record<string, (...a: unknown[]) => unknown> })
            .llmBench[name] as (...a: unknown[]) => unknown
        )(...args),
      { name, args: args as unknown[] },
    ) as Promise<Awaited<ReturnType<LlmBenchApi[K]>>>;
  }

  renderers(): number[] {
    return chromiumProcesses(this.profile, 'renderer');
  }

  gpuProcess(): number[] {
    return chromiumProcesses(this.profile, 'gpu-process');
  }

  async close(): Promise<void> {
    await this.context?.close();
    this.context = undefined;
    this.page = undefined;
  }

  async dispose(): Promise<void> {
    await this.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}

interface PathResult {
  load: number;
  first: number[];
  decode: number[];
}

/** One dtype on one device: the app's path and the bare loop, interleaved. */
async function compare(
  bench: Bench,
  origin: string,
  device: 'wasm' | 'webgpu',
  dtype: Dtype,
  prompt: { text: string; ids: number[] },
): Promise<{
  app: PathResult;
  bare: PathResult;
  peak: number;
  gpuPeak: number;
  vote?: VoteTimes;
  kvOnCpu?: number;
}> {
  const request: LoadRequest = {
    modelId: MODEL_ID,
    folder: `${origin}/models/${MODEL_ID}/`,
    dtype,
    device,
    contextLength: 4096,
  };
  const bareRequest = bareLoad(origin, device, dtype, 1);
  // First load: from the server into the Cache API. Then a fresh browser, so
  // that the loads measured read the cache and the memory peak is the app's.
  await bench.open(false);
  progress(`${dtype}: first load (into the Cache API)`);
  await bench.call('appLoad', request);
  await bench.call('appDispose');
  await bench.open(false);
  progress(`${dtype}: load from cache`);
  // LLM_BENCH_BARE_FIRST=1 loads the bare loop before the app (then the
  // memory peak counts both): does the order of the two loads matter?
  const bareFirst = process.env.LLM_BENCH_BARE_FIRST === '1';
  const loadBare = async () => (await bench.call('bareLoad', 'asyncify', bareRequest)).ms;
  resetPeak([...bench.renderers(), ...bench.gpuProcess()]);
  const bareLoadMs = bareFirst ? await loadBare() : 0;
  const app: PathResult = {
    load: (await bench.call('appLoad', request)).ms,
    first: [],
    decode: [],
  };
  const record = (into: PathResult, o: Observed) => {
    into.first.push(firstToken(o));
    into.decode.push(decodeSpeed(o));
  };
  progress(`${dtype}: app loaded in ${(app.load / 1000).toFixed(1)} s; generating`);
  record(app, await bench.call('appRun', prompt.text, DECODE_TOKENS));
  const peak = peakBytes(bench.renderers());
  const gpuPeak = peakBytes(bench.gpuProcess());
  const bare: PathResult = {
    load: bareFirst ? bareLoadMs : await loadBare(),
    first: [],
    decode: [],
  };
  record(bare, await bench.call('bareRun', { ids: prompt.ids, tokens: DECODE_TOKENS }));
  progress(`${dtype}: bare loaded in ${(bare.load / 1000).toFixed(1)} s; rounds`);
  for (let round = 1; round < ROUNDS; round++) {
    progress(`${dtype}: round ${round + 1} of ${ROUNDS}`);
    const order: [PathResult, () => Promise<Observed>][] = [
      [app, () => bench.call('appRun', prompt.text, DECODE_TOKENS)],
      [bare, () => bench.call('bareRun', { ids: prompt.ids, tokens: DECODE_TOKENS })],
    ];
    if (round % 2 === 1) order.reverse();
    for (const [into, run] of order) record(into, await run());
  }
  // On a GPU: what keeping the KV cache on the GPU (ORT's preferredOutputLocation,
  // as transformers.js binds it) is worth: the same loop copying it through the CPU.
  let kvOnCpu: number | undefined;
  if (device === 'webgpu') {
    await bench.call('bareLoad', 'asyncify', { ...bareRequest, kvOnCpu: true });
    kvOnCpu = decodeSpeed(await bench.call('bareRun', { ids: prompt.ids, tokens: DECODE_TOKENS }));
  }
  await bench.call('bareDispose');
  // Double-check: k = 4 samples one by one or as one batch (q4 only: it takes a while).
  let vote: VoteTimes | undefined;
  if (dtype === 'q4' && process.env.LLM_BENCH_VOTE !== '0') {
    progress(`${dtype}: vote, 4 samples sequential and batched`);
    vote = await bench.call('appVote', prompt.text, 4, VOTE_TOKENS);
  }
  await bench.call('appDispose');
  return {
    app,
    bare,
    peak,
    gpuPeak,
    ...(vote ? { vote } : {}),
    ...(kvOnCpu !== undefined ? { kvOnCpu } : {}),
  };
}

const gb = (bytes: number) => bytes / 2 ** 30;

export function voteRows(label: string, vote: VoteTimes): Row[] {
  const what = `${vote.k} samples of ${vote.tokens} tokens`;
  return [
    {
      name: `${label}: vote, ${what}, sequential`,
      value: vote.sequentialMs,
      unit: 'ms',
      note: `${vote.k} generate() calls, seeds s..s+${vote.k - 1}`,
    },
    {
      name: `${label}: vote, ${what}, batched`,
      value: vote.batchedMs,
      unit: 'ms',
      note: `one generate({ samples: ${vote.k} }); ${vote.same} of ${vote.k} texts equal the sequential ones`,
    },
    {
      name: `${label}: vote, batched speed-up`,
      value: vote.sequentialMs / vote.batchedMs,
      unit: '×',
      note: 'sequential ÷ batched, same run (prefill included: one prompt against k)',
    },
    {
      name: `${label}: vote, decode speed-up`,
      value: vote.batchedDecode / vote.sequentialDecode,
      unit: '×',
      note: `without the prefill: the batch's ${vote.batchedDecode.toFixed(2)} tokens/s (all rows) ÷ one sample's ${vote.sequentialDecode.toFixed(2)}; what long samples gain`,
    },
  ];
}

/** The bare loop's load request: the same file, and its external data, as the app loads. */
function bareLoad(
  origin: string,
  device: 'wasm' | 'webgpu',
  dtype: Dtype,
  threads: number,
): BareLoad {
  const file = `model_${dtype}.onnx`;
  const chunks = readdirSync(path.join(MODEL_DIR, 'onnx')).filter((f) =>
    f.startsWith(`${file}_data`),
  );
  return {
    url: `${origin}/models/${MODEL_ID}/onnx/${file}`,
    device,
    threads,
    layers: LAYERS,
    externalData: chunks.sort(),
  };
}

const started = performance.now();
/** Progress on stderr: a run takes tens of minutes on a shared 2-core machine. */
function progress(message: string): void {
  console.error(`llm ${((performance.now() - started) / 1000).toFixed(0)} s: ${message}`);
}

export async function realShapeRows(options: RealOptions): Promise<Row[]> {
  if (!existsSync(CHROMIUM)) {
    console.error(`llm: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH); 1.5B-shape rows skipped`);
    return [];
  }
  const dtypes = (process.env.LLM_BENCH_DTYPES ?? 'q4,q4f16').split(',') as Dtype[];
  const why = ensureModel(dtypes);
  if (why) {
    console.error(`llm: 1.5B-shape rows skipped: ${why}`);
    return [];
  }
  const prompt = await promptOf();
  const cache = path.join(ROOT, 'node_modules', '.cache', 'math-tutor');
  mkdirSync(cache, { recursive: true });
  const pageDir = mkdtempSync(path.join(cache, 'llm-real-page-'));
  await buildPage(pageDir);
  const server = await serve(pageDir);
  const origin = `http://localhost:${PORT}`;
  const bench = new Bench(origin, options.gpu);
  const rows: Row[] = [];
  try {
    await bench.open(false);
    const info = await bench.call('info');
    const device = options.gpu ? 'webgpu' : 'wasm';
    if (options.gpu && (!info.adapter || info.adapter.fallback)) {
      console.error(
        `llm --gpu: the WebGPU adapter is ${info.adapter ? 'a software fallback' : 'missing'} (${JSON.stringify(info.adapter)}): its numbers would not be GPU numbers. Stopping.`,
      );
      return [];
    }
    // The copy benchmark runs before any model is loaded, on an otherwise idle page.
    const copy1 = await bench.call('copy', 1, 512);
    const copyAll = await bench.call('copy', info.hardwareConcurrency, 256);
    const bandwidth = Math.max(copy1, copyAll);
    rows.push(
      {
        name: 'memory copy bandwidth, 1 thread',
        value: copy1 / 1e9,
        unit: 'GB/s',
        note: 'read + write of a 512 MB buffer (TypedArray.set), fastest of 6, in the bench page',
      },
      {
        name: `memory copy bandwidth, ${info.hardwareConcurrency} threads`,
        value: copyAll / 1e9,
        unit: 'GB/s',
        note: '256 MB per worker, all at once; the larger of the two is the limit used below',
      },
    );
    const deviceName = options.gpu
      ? `webgpu (${info.adapter?.description || info.adapter?.vendor})`
      : 'wasm';
    const useDtypes = options.threads
      ? []
      : options.gpu && !info.adapter?.shaderF16
        ? (['q4'] as Dtype[])
        : dtypes;
    for (const dtype of useDtypes) {
      const label = `1.5B-shape ${options.gpu ? 'webgpu' : 'wasm'} ${dtype}`;
      // The graph and its external data: every initializer is read once per token.
      const weights = readdirSync(path.join(MODEL_DIR, 'onnx'))
        .filter((f) => f.startsWith(`model_${dtype}.onnx`))
        .reduce((sum, f) => sum + statSync(path.join(MODEL_DIR, 'onnx', f)).size, 0);
      // The q4f16 graph computes, and caches keys and values, in float16.
      const kvBytes =
        KV_VALUES_PER_TOKEN * (dtype === 'q4f16' ? 2 : 4) * (PROMPT_TOKENS + DECODE_TOKENS / 2);
      const perToken = weights + kvBytes;
      let result: Awaited<ReturnType<typeof compare>>;
      try {
        result = await compare(bench, origin, device, dtype, prompt);
      } catch (error) {
        rows.push({
          name: `${label}: FAILED`,
          value: 0,
          unit: '',
          note: String((error as Error).message ?? error).slice(0, 300),
        });
        continue;
      }
      const { app, bare } = result;
      const appDecode = Math.max(...app.decode);
      const bareDecode = Math.max(...bare.decode);
      const ratio = appDecode / bareDecode;
      const limit = bandwidth / perToken;
      const fraction = appDecode / limit;
      const runs = `best of ${app.decode.length} runs of ${DECODE_TOKENS} tokens after a ${prompt.ids.length}-token prompt`;
      rows.push(
        {
          name: `${label}: load from cache, app`,
          value: app.load,
          unit: 'ms',
          note: `tokenizer + Cache API read + session creation; bare loop ${bare.load.toFixed(0)} ms`,
        },
        {
          name: `${label}: time to first token, app`,
          value: Math.min(...app.first),
          unit: 'ms',
          note: `best; median ${median(app.first).toFixed(0)}; bare ${Math.min(...bare.first).toFixed(0)}`,
        },
        {
          name: `${label}: prefill, app`,
          value: (prompt.ids.length * 1000) / Math.min(...app.first),
          unit: 'tokens/s',
          note: `${prompt.ids.length} tokens ÷ time to first token; bare ${((prompt.ids.length * 1000) / Math.min(...bare.first)).toFixed(1)}`,
        },
        {
          name: `${label}: decode, app`,
          value: appDecode,
          unit: 'tokens/s',
          note: `${runs}; median ${median(app.decode).toFixed(2)}`,
        },
        {
          name: `${label}: decode, bare onnxruntime-web`,
          value: bareDecode,
          unit: 'tokens/s',
          note: `${runs}; median ${median(bare.decode).toFixed(2)}`,
        },
        {
          name: `${label}: app / bare`,
          value: ratio,
          unit: '×',
          note: `decode; medians give ${(median(app.decode) / median(bare.decode)).toFixed(3)}; target ≥ 0.97`,
        },
        {
          name: `${label}: bandwidth limit`,
          value: limit,
          unit: 'tokens/s',
          note: `${(bandwidth / 1e9).toFixed(1)} GB/s ÷ ${(perToken / 1e9).toFixed(2)} GB read per token (every weight, the tied head's fp32/fp16 table included, + the KV cache)`,
        },
        {
          name: `${label}: fraction of bandwidth limit`,
          value: fraction * 100,
          unit: '%',
          note: 'app decode ÷ bandwidth limit',
        },
        {
          name: `${label}: peak memory, page with the app`,
          value: gb(result.peak),
          unit: 'GiB',
          note: `VmHWM of the renderer (page and workers) through load and one generation${options.gpu ? `; GPU process ${gb(result.gpuPeak).toFixed(2)} GiB` : ''}`,
        },
      );
      if (result.vote) rows.push(...voteRows(`${label}, app`, result.vote));
      if (result.kvOnCpu !== undefined) {
        rows.push({
          name: `${label}: decode, bare, KV cache through the CPU`,
          value: result.kvOnCpu,
          unit: 'tokens/s',
          note: `one run; against ${bareDecode.toFixed(2)} with the cache kept on the GPU`,
        });
      }
      const line = `llm ${label}: app/bare ${ratio.toFixed(3)}, decode ${appDecode.toFixed(2)} tokens/s, ${(fraction * 100).toFixed(0)}% of bandwidth limit`;
      console.log(line);
      rows.push({ name: line, value: ratio, unit: '×', note: deviceName });
    }
    if ((options.paths || options.threads) && !options.gpu) {
      rows.push(...(await pathRows(bench, origin, prompt, options.threads === true)));
    }
  } finally {
    await bench.dispose();
    await new Promise((resolve) => server.close(resolve));
    rmSync(pageDir, { recursive: true, force: true });
  }
  return rows;
}

/** A case that hangs (the isolated page's run did, with no CPU in use) becomes a FAILED row. */
const PATH_CASE_MS = 15 * 60_000;
function within<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took over ${PATH_CASE_MS / 60_000} min`)),
      PATH_CASE_MS,
    );
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/**
 * onnxruntime-web's other paths on WASM, bare loop, q4: its plain and JSPI
 * builds against the asyncify build transformers.js bundles, and threads in a
 * cross-origin isolated page (`threadsOnly`: those and the plain-page baseline).
 */
async function pathRows(
  bench: Bench,
  origin: string,
  prompt: { text: string; ids: number[] },
  threadsOnly: boolean,
): Promise<Row[]> {
  const all: { label: string; flavour: Flavour; threads: number; isolated: boolean }[] = [
    {
      label: 'asyncify (transformers.js), 1 thread',
      flavour: 'asyncify',
      threads: 1,
      isolated: false,
    },
    { label: 'plain wasm build, 1 thread', flavour: 'wasm', threads: 1, isolated: false },
    { label: 'jspi build, 1 thread', flavour: 'jspi', threads: 1, isolated: false },
    { label: 'asyncify, isolated page, 1 thread', flavour: 'asyncify', threads: 1, isolated: true },
    {
      label: `asyncify, isolated page, 2 threads`,
      flavour: 'asyncify',
      threads: 2,
      isolated: true,
    },
  ];
  const cases = all.filter((c) => !threadsOnly || c.isolated || c === all[0]);
  // The machine is shared: say how busy it was around the cases.
  const loadBefore = os.loadavg()[0] ?? 0;
  const results = cases.map(() => ({ first: [] as number[], decode: [] as number[] }));
  const rows: Row[] = [];
  // Rounds over all cases, so that drift on the machine hits every case alike.
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, c] of cases.entries()) {
      await bench.open(c.isolated);
      try {
        await within(
          bench.call('bareLoad', c.flavour, bareLoad(origin, 'wasm', 'q4', c.threads)),
          'load',
        );
        progress(`paths: ${c.label} loaded`);
        const o = await within(
          bench.call('bareRun', { ids: prompt.ids, tokens: DECODE_TOKENS }),
          'run',
        );
        results[i]?.first.push(firstToken(o));
        results[i]?.decode.push(decodeSpeed(o));
        // Printed as it comes, so a case that fails later does not lose the others.
        progress(
          `paths: ${c.label}: decode ${decodeSpeed(o).toFixed(3)} tokens/s, prefill ${((prompt.ids.length * 1000) / firstToken(o)).toFixed(2)} tokens/s (load average ${(os.loadavg()[0] ?? 0).toFixed(2)})`,
        );
      } catch (error) {
        if (round === 0) {
          rows.push({
            name: `paths, bare q4 wasm, ${c.label}: FAILED`,
            value: 0,
            unit: '',
            note: String((error as Error).message ?? error).slice(0, 300),
          });
        }
      }
    }
  }
  rows.push({
    name: 'paths: load average (1 min), before / after',
    value: loadBefore,
    unit: '',
    note: `after: ${(os.loadavg()[0] ?? 0).toFixed(2)}; ${os.cpus().length} CPUs`,
  });
  const base = results[0];
  for (const [i, c] of cases.entries()) {
    const r = results[i];
    if (!r || r.decode.length === 0 || !base) continue;
    rows.push(
      {
        name: `paths, bare q4 wasm, ${c.label}: decode`,
        value: Math.max(...r.decode),
        unit: 'tokens/s',
        note: `best of ${r.decode.length}; ÷ asyncify 1 thread ${(Math.max(...r.decode) / Math.max(...base.decode)).toFixed(2)}×`,
      },
      {
        name: `paths, bare q4 wasm, ${c.label}: prefill`,
        value: (prompt.ids.length * 1000) / Math.min(...r.first),
        unit: 'tokens/s',
        note: `best of ${r.first.length}; ÷ asyncify 1 thread ${(Math.min(...base.first) / Math.min(...r.first)).toFixed(2)}×`,
      },
    );
  }
  return rows;
}
