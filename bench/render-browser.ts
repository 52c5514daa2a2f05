/**
 * The streaming-render benchmark in Chromium: bench/render-harness.tsx (the
 * real MathMarkdown component, KaTeX CSS and fonts included) built with Vite,
 * served from localhost with COOP/COEP so that performance.now() has 5 µs
 * resolution instead of 100 µs, and driven with playwright-core.
 *
 * Each measurement gets a fresh page (cold formula cache) warmed up on a
 * different solution first (warm JIT), so that "once" and "streamed" start
 * from the same state. CHROMIUM_PATH overrides /usr/bin/chromium; without a
 * browser the rows are skipped.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import type { BenchRow } from '../scripts/bench';
import type { Timings } from './render-harness';

type Row = Omit<BenchRow, 'bench'>;

export interface BrowserCase {
  label: string;
  text: string;
  tokens: readonly string[];
  /** Also time the naive re-render-everything way. */
  naive?: boolean;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const NOTE = 'Chromium, real component (pipeline, DOMPurify, React, DOM patch, style, layout)';

export async function browserRows(
  cases: readonly BrowserCase[],
  warmUp: BrowserCase,
): Promise<Row[]> {
  if (!existsSync(CHROMIUM)) {
    console.error(`render: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH); browser rows skipped`);
    return [];
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'render-bench-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    await bundle(dir);
    server = await serve(dir);
    const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const page = await browser.newPage();
    const fresh = async () => {
      await page.goto(url);
      await page.evaluate(
        ({ text, tokens }) => {
          window.renderBench.once(text);
          window.renderBench.stream(tokens);
        },
        { text: warmUp.text, tokens: [...warmUp.tokens] },
      );
    };
    const rows: Row[] = [];
    for (const c of cases) rows.push(...(await measure(page, fresh, c)));
    return rows;
  } finally {
    await browser?.close();
    server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const ROUNDS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function measure(page: Page, fresh: () => Promise<void>, c: BrowserCase): Promise<Row[]> {
  const once: number[] = [];
  const runs: Timings[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await fresh();
    once.push(await page.evaluate((text) => window.renderBench.once(text), c.text));
    await fresh();
    runs.push(await page.evaluate((tokens) => window.renderBench.stream(tokens), [...c.tokens]));
  }
  const totals = runs.map((r) => r.total);
  const maxima = runs.map((r) => r.max);
  const rows: Row[] = [
    { name: `${c.label}: render final text once`, value: median(once), unit: 'ms', note: NOTE },
    { name: `${c.label}: streamed, total`, value: median(totals), unit: 'ms', note: NOTE },
    {
      name: `${c.label}: streamed / once`,
      value: median(totals) / median(once),
      unit: '×',
      note: `Chromium, medians of ${ROUNDS}; least-disturbed runs (minima) ${(Math.min(...totals) / Math.min(...once)).toFixed(2)}×; target ≤ 5`,
    },
    {
      name: `${c.label}: slowest update, per-token median`,
      value: Math.max(
        ...(runs[0]?.times ?? []).map((_, i) => median(runs.map((r) => r.times[i] ?? 0))),
      ),
      unit: 'ms',
      note: `Chromium; each update's median over ${ROUNDS} runs, then the slowest: structural, not a scheduling spike; target ≤ 16`,
    },
    {
      name: `${c.label}: max single update`,
      value: median(maxima),
      unit: 'ms',
      note: `Chromium, median of ${ROUNDS} runs' maxima (best ${Math.min(...maxima).toFixed(1)}, worst ${Math.max(...maxima).toFixed(1)}); target ≤ 16`,
    },
    {
      name: `${c.label}: p99 update`,
      value: median(runs.map((r) => r.p99)),
      unit: 'ms',
      note: 'Chromium',
    },
  ];
  if (c.naive) {
    await fresh();
    const every = Math.max(1, Math.ceil(c.tokens.length / 40));
    const naive = await page.evaluate(
      ({ tokens, every }) => window.renderBench.naive(tokens, every),
      { tokens: [...c.tokens], every },
    );
    rows.push(
      {
        name: `${c.label}: naive / once`,
        value: naive.total / median(once),
        unit: '×',
        note: 'Chromium; re-render, re-typeset, re-sanitize all per token (every k-th prefix timed, scaled by k)',
      },
      { name: `${c.label}: naive max update`, value: naive.max, unit: 'ms', note: 'Chromium' },
    );
  }
  return rows;
}

/** The harness as one ES module plus its CSS and KaTeX fonts, production React. */
async function bundle(dir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'error',
    plugins: [react()],
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: dir,
      emptyOutDir: false,
      lib: {
        entry: path.resolve(import.meta.dirname, 'render-harness.tsx'),
        formats: ['es'],
        fileName: 'harness',
      },
    },
  });
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

async function serve(dir: string): Promise<Server> {
  const files = await readdir(dir);
  const css = files.filter((f) => f.endsWith('.css'));
  const script = files.find((f) => /\.m?js$/.test(f)) ?? 'harness.js';
  const index =
    '<!doctype html><meta charset="utf-8">' +
    css.map((f) => `<link rel="stylesheet" href="/${f}">`).join('') +
    `<script type="module" src="/${script}"></script><body></body>`;
  const server = createServer(async (req, res) => {
    // Cross-origin isolation: performance.now() at 5 µs rather than 100 µs.
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname).slice(1);
    if (name === '' || name === 'index.html') {
      res.setHeader('Content-Type', 'text/html');
      res.end(index);
      return;
    }
    try {
      if (name.split('/').includes('..')) throw new Error('outside the bundle');
      const body = await readFile(path.join(dir, name));
      res.setHeader('Content-Type', TYPES[path.extname(name)] ?? 'application/octet-stream');
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return server;
}
