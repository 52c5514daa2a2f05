/**
 * The Python engine: cold start, sympy import and a warm sympy snippet, in
 * Node (a worker thread, as `npm run py`) and, when Chromium is available, in
 * the browser worker of a page built with the app's Vite plugin and served by
 * `vite preview`. docs/benchmarks/python.md explains the method.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from '../scripts/bench';
import { createNodePythonRunner } from '../src/engines/python/node';

type Row = Omit<BenchRow, 'bench'>;

const SNIPPET = [
  'from sympy import symbols, solve, Matrix, Rational, simplify, sin, cos',
  'x = symbols("x")',
  'print(solve(x**2 - 5*x + 6, x), Matrix([[2, 1], [1, 2]]).eigenvals(),',
  '      Rational(1, 3) + Rational(1, 6), simplify(sin(x)**2 + cos(x)**2))',
].join('\n');
const SNIPPET_RUNS = 7;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '..');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function node(): Promise<Row[]> {
  const rows: Row[] = [];
  const starts: number[] = [];
  const imports: number[] = [];
  let snippets: number[] = [];
  for (let i = 0; i < 3; i++) {
    const python = await createNodePythonRunner();
    try {
      let t = performance.now();
      const info = await python.warm();
      starts.push(performance.now() - t);
      if (i === 0) {
        rows.push({ name: 'node: runtime load (in worker)', value: info.ms.runtime, unit: 'ms' });
        rows.push({
          name: 'node: packed sympy+mpmath unpack',
          value: info.ms.packages,
          unit: 'ms',
        });
      }
      t = performance.now();
      const imported = await python.run('import sympy', { session: 'bench' });
      if (!imported.ok) throw new Error(`import sympy failed: ${imported.output}`);
      imports.push(performance.now() - t);
      if (i === 0) {
        snippets = [];
        for (let k = 0; k < SNIPPET_RUNS; k++) {
          t = performance.now();
          const result = await python.run(SNIPPET, { session: `snippet-${k}` });
          if (!result.ok) throw new Error(`snippet failed: ${result.output}`);
          snippets.push(performance.now() - t);
        }
        // The price of a time limit: the worker is replaced and the session replayed.
        await python.run('while True:\n    pass', { session: 'bench', timeoutMs: 500 });
        t = performance.now();
        await python.run('sympy.Integer(1)', { session: 'bench' });
        rows.push({
          name: 'node: first run after a timeout',
          value: performance.now() - t,
          unit: 'ms',
          note: 'new worker + replayed `import sympy`',
        });
      }
    } finally {
      python.dispose();
    }
  }
  rows.push({
    name: 'node: cold start to ready',
    value: median(starts),
    unit: 'ms',
    note: 'median of 3 fresh worker threads; Pyodide + packages, no sympy import',
  });
  rows.push({
    name: 'node: import sympy',
    value: median(imports),
    unit: 'ms',
    note: 'median of 3',
  });
  rows.push({
    name: 'node: warm sympy snippet',
    value: median(snippets),
    unit: 'ms',
    note: `median of ${SNIPPET_RUNS}: solve, eigenvals, Rational, simplify`,
  });
  return rows;
}

const PAGE_HTML =
  '<!doctype html><html><body><script type="module" src="./main.ts"></script></body></html>';

function pageScript(clientPath: string, snippet: string): string {
  return `import { PythonClient } from ${JSON.stringify(clientPath)};
const snippet = ${JSON.stringify(snippet)};
window.benchPython = async () => {
  const client = new PythonClient({ idleMs: 0 });
  let t = performance.now();
  const info = await client.warm();
  const ready = performance.now() - t;
  const snippets = [];
  for (let k = 0; k < ${SNIPPET_RUNS}; k++) {
    t = performance.now();
    const r = await client.run(snippet, { session: 's' + k });
    if (!r.ok) throw new Error(r.output);
    snippets.push(performance.now() - t);
  }
  client.dispose();
  return { ready, info, snippets };
};
`;
}

interface PageResult {
  ready: number;
  info: { ms: { runtime: number; packages: number; imports: number } };
  snippets: number[];
}

async function chromium(): Promise<Row[]> {
  if (!existsSync(CHROMIUM)) return [];
  const { build, preview } = await import('vite');
  const { pythonAssets } = await import('../scripts/vite/python-assets');
  const { chromium: browserType } = await import('playwright-core');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'python-bench-'));
  const clientPath = path.join(ROOT, 'src', 'engines', 'python', 'client.ts');
  await writeFile(path.join(dir, 'index.html'), PAGE_HTML);
  await writeFile(path.join(dir, 'main.ts'), pageScript(clientPath, SNIPPET));
  const outDir = path.join(dir, 'dist');
  await build({
    configFile: false,
    root: dir,
    logLevel: 'error',
    plugins: [pythonAssets()],
    worker: { format: 'es' },
    build: { outDir, target: 'es2022' },
  });
  const server = await preview({
    configFile: false,
    root: dir,
    logLevel: 'error',
    build: { outDir },
    preview: { port: 4179, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0] ?? 'http://localhost:4179/';
  const browser = await browserType.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless=new',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const measure = async (): Promise<PageResult> => {
      await page.goto(url);
      await page.waitForFunction(() => 'benchPython' in globalThis);
      return page.evaluate(() =>
        (globalThis as unknown as { benchPython: () => Promise<PageResult> }).benchPython(),
      );
    };
    const first = await measure();
    const cached = await measure();
    return [
      {
        name: 'chromium: cold start, first load',
        value: first.ready,
        unit: 'ms',
        note: `warm(): runtime ${Math.round(first.info.ms.runtime)}, packages ${Math.round(first.info.ms.packages)}, import sympy ${Math.round(first.info.ms.imports)}`,
      },
      {
        name: 'chromium: cold start, from cache',
        value: cached.ready,
        unit: 'ms',
        note: `same context, reloaded: runtime ${Math.round(cached.info.ms.runtime)}, packages ${Math.round(cached.info.ms.packages)}`,
      },
      {
        name: 'chromium: import sympy',
        value: cached.info.ms.imports,
        unit: 'ms',
        note: 'part of warm(), from cache',
      },
      {
        name: 'chromium: warm sympy snippet',
        value: median([...first.snippets, ...cached.snippets]),
        unit: 'ms',
        note: `median of ${SNIPPET_RUNS * 2}`,
      },
    ];
  } finally {
    await browser.close();
    await new Promise((resolve) => server.httpServer.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<Row[]> {
  return [...(await node()), ...(await chromium())];
}
