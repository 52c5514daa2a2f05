/**
 * LLM decode speed through the app's path against bare transformers.js
 * `model.generate()`, same model, dtype, backend and greedy settings, in the
 * same run: in Node (LlmEngine, onnxruntime-node, as `npm run eval`) and, when
 * Chromium is there, in the browser on WASM (LlmClient → worker → LlmEngine,
 * as the app, against generate() in a worker of its own). ARCHITECTURE.md's target is
 * ≥ 0.97×. docs/benchmarks/llm.md explains the method.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from '../scripts/bench';
import { buildTestModels } from '../scripts/export/test-models';
import { buildPrompt, STOP_TOKEN_IDS } from '../src/core/prompts';
import { realShapeRows } from './llm-real';

type Row = Omit<BenchRow, 'bench'>;
type Dtype = 'fp32' | 'q4';

/** tiny-qwen2 never emits a stop token, so every run decodes exactly this many. */
const NODE_TOKENS = 512;
const NODE_ROUNDS = 9;
const PAGE_TOKENS = 256;
const PAGE_ROUNDS = 7;
const DTYPES: Dtype[] = ['fp32', 'q4'];
const MODEL = 'tiny-qwen2';
const PROMPT = buildPrompt('qwen-boxed', 'What is the sum of the first ten positive integers?');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '..');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * Wall-clock times of 1-token and N-token generations, taken in rounds that
 * run both paths back to back (in alternating order), so that drift on a
 * shared machine hits both alike.
 */
interface Timings {
  one: number[];
  many: number[];
}

/**
 * Decode tokens/s without prefill: the N-1 tokens after the first, from the
 * fastest N-token and 1-token runs. Other work on a shared machine only ever
 * slows a run down, so the fastest of several is the closest to the path's
 * own cost; medians are in the note.
 */
const bestSpeed = (t: Timings, tokens: number) =>
  ((tokens - 1) * 1000) / (Math.min(...t.many) - Math.min(...t.one));
const medianSpeed = (t: Timings, tokens: number) =>
  ((tokens - 1) * 1000) / (median(t.many) - median(t.one));

function speedRows(
  where: string,
  dtype: Dtype,
  tokens: number,
  app: Timings,
  bare: Timings,
  appName: string,
): Row[] {
  const runs = `best of ${app.many.length} rounds of 1 and ${tokens} tokens`;
  const medians = (t: Timings) => `median ${medianSpeed(t, tokens).toFixed(1)}`;
  const ratio = bestSpeed(app, tokens) / bestSpeed(bare, tokens);
  const medianRatio = medianSpeed(app, tokens) / medianSpeed(bare, tokens);
  return [
    {
      name: `${where} ${dtype}: decode, ${appName}`,
      value: bestSpeed(app, tokens),
      unit: 'tokens/s',
      note: `${runs}; ${medians(app)}`,
    },
    {
      name: `${where} ${dtype}: decode, bare generate()`,
      value: bestSpeed(bare, tokens),
      unit: 'tokens/s',
      note: `${runs}; ${medians(bare)}`,
    },
    {
      name: `${where} ${dtype}: ${appName} / bare`,
      value: ratio,
      unit: '×',
      note: `medians give ${medianRatio.toFixed(2)}; target ≥ 0.97`,
    },
  ];
}

async function node(dir: string): Promise<Row[]> {
  const { AutoModelForCausalLM, AutoTokenizer, env } = await import('@huggingface/transformers');
  const { LlmEngine } = await import('../src/engines/llm/engine');
  const folder = path.join(dir, 'models', MODEL);
  const rows: Row[] = [];
  for (const dtype of DTYPES) {
    const engine = new LlmEngine();
    const loaded = await engine.load({
      modelId: MODEL,
      folder,
      dtype,
      device: 'cpu',
      contextLength: 4096,
    });

    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = `${path.join(dir, 'models')}/`;
    const t = performance.now();
    const tokenizer = await AutoTokenizer.from_pretrained(MODEL);
    const model = await AutoModelForCausalLM.from_pretrained(MODEL, { dtype, device: 'cpu' });
    const bareLoad = performance.now() - t;
    const inputs = tokenizer(PROMPT, { add_special_tokens: false });

    let appText = '';
    const viaEngine = async (tokens: number) => {
      const started = performance.now();
      const result = await engine.generate(
        { prompt: PROMPT, maxNewTokens: tokens },
        // What the app's worker does per chunk: hand the text on.
        { onChunk: (chunk) => void chunk.text },
      );
      appText = result.text;
      return performance.now() - started;
    };
    let bareIds: bigint[] = [];
    const bare = async (tokens: number) => {
      const started = performance.now();
      const output = (await model.generate({
        ...inputs,
        max_new_tokens: tokens,
        do_sample: false,
        repetition_penalty: 1.0,
        eos_token_id: [...STOP_TOKEN_IDS],
      })) as import('@huggingface/transformers').Tensor;
      const elapsed = performance.now() - started;
      bareIds = (output.tolist() as bigint[][])[0] ?? [];
      return elapsed;
    };

    const app: Timings = { one: [], many: [] };
    const plain: Timings = { one: [], many: [] };
    await viaEngine(8);
    await bare(8);
    for (let round = 0; round < NODE_ROUNDS; round++) {
      const pairs: [Timings, (n: number) => Promise<number>][] = [
        [app, viaEngine],
        [plain, bare],
      ];
      if (round % 2 === 1) pairs.reverse();
      for (const [timings, run] of pairs) {
        timings.one.push(await run(1));
        timings.many.push(await run(NODE_TOKENS));
      }
    }
    const promptLength = (inputs.input_ids as { dims: number[] }).dims.at(-1) ?? 0;
    const same =
      tokenizer.decode(bareIds.slice(promptLength), { skip_special_tokens: true }) === appText;
    await model.dispose();
    await engine.dispose();

    rows.push(
      {
        name: `node ${dtype}: load, LlmEngine`,
        value: loaded.ms,
        unit: 'ms',
        note: 'tokenizer + session',
      },
      {
        name: `node ${dtype}: load, bare from_pretrained`,
        value: bareLoad,
        unit: 'ms',
        note: 'tokenizer + session',
      },
      ...speedRows('node', dtype, NODE_TOKENS, app, plain, 'LlmEngine'),
    );
    if (!same)
      rows.push({ name: `node ${dtype}: WARNING`, value: 0, unit: '', note: 'texts differ' });
  }
  return rows;
}

const PAGE_HTML =
  '<!doctype html><html><body><script type="module" src="./main.ts"></script></body></html>';

/**
 * Bare transformers.js in a worker of its own: the same thread setting as the
 * app's engine, so the ratio measures the engine's own per-token work.
 */
const BARE_WORKER = `import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

env.allowLocalModels = true;
env.allowRemoteModels = false;
env.localModelPath = '/models/';
env.backends.onnx.wasm.wasmPaths = { wasm: new URL(ortWasmUrl, self.location.href).href };
let model;
let inputs;
self.onmessage = async ({ data }) => {
  const started = performance.now();
  if (data.type === 'load') {
    const tokenizer = await AutoTokenizer.from_pretrained(${JSON.stringify(MODEL)});
    model = await AutoModelForCausalLM.from_pretrained(${JSON.stringify(MODEL)}, { dtype: data.dtype, device: 'wasm' });
    inputs = tokenizer(${JSON.stringify(PROMPT)}, { add_special_tokens: false });
  } else if (data.type === 'generate') {
    await model.generate({ ...inputs, max_new_tokens: data.tokens, do_sample: false, repetition_penalty: 1.0, eos_token_id: ${JSON.stringify([...STOP_TOKEN_IDS])} });
  } else {
    await model.dispose();
  }
  self.postMessage(performance.now() - started);
};
`;

/** The page: the app's LlmClient (its worker runs LlmEngine) and the bare worker, both on WASM. */
function pageScript(clientPath: string): string {
  return `import { LlmClient } from ${JSON.stringify(clientPath)};

const prompt = ${JSON.stringify(PROMPT)};

function bareWorker() {
  const worker = new Worker(new URL('./bare-worker.ts', import.meta.url), { type: 'module' });
  const call = (message) =>
    new Promise((resolve, reject) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(event.message));
      worker.postMessage(message);
    });
  return { call, terminate: () => worker.terminate() };
}

window.benchLlm = async ({ dtype, tokens, rounds }) => {
  const request = { modelId: ${JSON.stringify(MODEL)}, folder: location.origin + '/models/${MODEL}/', dtype, device: 'wasm', contextLength: 4096 };
  // A first load fills the Cache API, so both loads below read from it.
  const warm = new LlmClient();
  await warm.load(request);
  await warm.dispose();

  const client = new LlmClient();
  let t = performance.now();
  await client.load(request);
  const appLoad = performance.now() - t;
  const bare = bareWorker();
  t = performance.now();
  await bare.call({ type: 'load', dtype });
  const bareLoad = performance.now() - t;

  let shown = '';
  const runApp = async (n) => {
    const started = performance.now();
    shown = '';
    // The UI's per-chunk work, minus rendering: append the text.
    await client.generate({ prompt, maxNewTokens: n }, { onChunk: (chunk) => { shown += chunk.text; } });
    return performance.now() - started;
  };
  const runBare = async (n) => {
    const started = performance.now();
    await bare.call({ type: 'generate', tokens: n });
    return performance.now() - started;
  };
  const timings = { app: { one: [], many: [] }, bare: { one: [], many: [] } };
  await runApp(4);
  await runBare(4);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [['app', runApp], ['bare', runBare]] : [['bare', runBare], ['app', runApp]];
    for (const [name, run] of order) {
      timings[name].one.push(await run(1));
      timings[name].many.push(await run(tokens));
    }
  }
  await bare.call({ type: 'dispose' });
  bare.terminate();
  await client.dispose();
  return { appLoad, bareLoad, timings };
};
`;
}

interface PageResult {
  appLoad: number;
  bareLoad: number;
  timings: { app: Timings; bare: Timings };
}

async function chromium(dir: string): Promise<Row[]> {
  if (!existsSync(CHROMIUM)) return [];
  const { build, preview } = await import('vite');
  const { chromium: browserType } = await import('playwright-core');
  // Inside the repository, so that the page's bare imports resolve to node_modules.
  const cache = path.join(ROOT, 'node_modules', '.cache', 'math-tutor');
  mkdirSync(cache, { recursive: true });
  const page = mkdtempSync(path.join(cache, 'llm-bench-page-'));
  const outDir = path.join(page, 'dist');
  try {
    writeFileSync(path.join(page, 'index.html'), PAGE_HTML);
    writeFileSync(
      path.join(page, 'main.ts'),
      pageScript(path.join(ROOT, 'src', 'engines', 'llm', 'client.ts')),
    );
    writeFileSync(path.join(page, 'bare-worker.ts'), BARE_WORKER);
    await build({
      configFile: false,
      root: page,
      logLevel: 'error',
      worker: { format: 'es' },
      build: { outDir, target: 'es2022', chunkSizeWarningLimit: 4096 },
    });
    cpSync(path.join(dir, 'models', MODEL), path.join(outDir, 'models', MODEL), {
      recursive: true,
    });
    const server = await preview({
      configFile: false,
      root: page,
      logLevel: 'error',
      build: { outDir },
      preview: { port: Number(process.env.LLM_BENCH_TINY_PORT ?? 4191), strictPort: true },
    });
    const url = server.resolvedUrls?.local[0] ?? 'http://localhost:4191/';
    const browser = await browserType.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--headless=new',
        '--enable-unsafe-webgpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const rows: Row[] = [];
    try {
      for (const dtype of DTYPES) {
        const context = await browser.newContext();
        const tab = await context.newPage();
        await tab.goto(url);
        await tab.waitForFunction(() => 'benchLlm' in globalThis);
        const result = await tab.evaluate(
          (options) =>
            (
              globalThis as unknown as { benchLlm: (o: typeof options) => Promise<PageResult> }
            ).benchLlm(options),
          { dtype, tokens: PAGE_TOKENS, rounds: PAGE_ROUNDS },
        );
        await context.close();
        rows.push(
          {
            name: `chromium wasm ${dtype}: load, app worker`,
            value: result.appLoad,
            unit: 'ms',
            note: 'from the Cache API',
          },
          {
            name: `chromium wasm ${dtype}: load, bare worker`,
            value: result.bareLoad,
            unit: 'ms',
            note: 'from the Cache API',
          },
          ...speedRows(
            'chromium wasm',
            dtype,
            PAGE_TOKENS,
            result.timings.app,
            result.timings.bare,
            'app worker',
          ),
        );
      }
    } finally {
      await browser.close();
      await new Promise((resolve) => server.httpServer.close(resolve));
    }
    return rows;
  } finally {
    rmSync(page, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<Row[]> {
  const options = {
    gpu: process.argv.includes('--gpu'),
    paths: process.argv.includes('--paths'),
    threads: process.argv.includes('--threads'),
  };
  // On a real GPU only the real shapes matter (and the tiny models would not say more);
  // `--real` skips the tiny models anywhere, and so does `--threads` (real shapes only).
  if (options.gpu || options.threads || process.argv.includes('--real')) {
    return realShapeRows(options);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llm-bench-'));
  try {
    buildTestModels(dir);
    // Other work on the machine skews both paths alike within a round, but say how busy it was.
    const load: Row = {
      name: 'load average (1 min) at start',
      value: os.loadavg()[0] ?? 0,
      unit: '',
      note: `${os.cpus().length} CPUs`,
    };
    return [
      load,
      ...(await node(dir)),
      ...(await chromium(dir)),
      ...(await realShapeRows(options)),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
