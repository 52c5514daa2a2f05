/**
 * The streaming-render benchmark in Chromium: bench/render-harness.tsx (the
 * real MathMarkdown component, KaTeX CSS and fonts included) built with Vite,
 * served from localhost with COOP/COEP so that performance.now() has 5 µs
 * resolution instead of 100 µs, and driven with playwright-core.
 *
 * Each measurement gets a fresh page (cold formula cache) warmed up on a
 * different solution first (warm JIT), so that "once" and "streamed" start
 * from the same state. Updates are timed per animation frame, as the app
 * shows them (see the harness); the viewport is 2,400 px tall, so most of a
 * solution is on screen and painted. CHROMIUM_PATH overrides
 * /usr/bin/chromium; without a browser the rows are skipped.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import type { BenchRow } from '../scripts/bench';
import { chromiumProcesses, mainThreadMs } from './proc';
import type { Method, StreamResult } from './render-harness';

type Row = Omit<BenchRow, 'bench'>;

export interface BrowserCase {
  label: string;
  text: string;
  tokens: readonly string[];
  /** Also time the naive re-render-everything way. */
  naive?: boolean;
  /** Measurement rounds (default 5). */
  rounds?: number;
}

/** The figures `npm run bench -- render` summarises in one line. */
export interface CaseSummary {
  label: string;
  ratio: number;
  /** The ratio without the browser's fixed cost of a frame. */
  own: number;
  /** Main-thread CPU per update (ms), one update per token. */
  perUpdate: number;
  /** The slowest frame (wall, per-token median over the rounds). */
  frameSlowest: number;
  slowest: number;
  drift: number;
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Frames as fast as they are done: one per token without waiting for 60 Hz.
  '--disable-frame-rate-limit',
  '--disable-gpu-vsync',
];

export async function browserRows(
  cases: readonly BrowserCase[],
  warmUp: BrowserCase,
): Promise<{ rows: Row[]; summaries: CaseSummary[] }> {
  if (!existsSync(CHROMIUM)) {
    console.error(`render: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH); browser rows skipped`);
    return { rows: [], summaries: [] };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'render-bench-'));
  const profile = await mkdtemp(path.join(os.tmpdir(), 'render-bench-profile-'));
  let server: Server | undefined;
  let context: BrowserContext | undefined;
  try {
    await bundle(dir);
    server = await serve(dir);
    const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
    // A profile of our own, so that /proc tells this browser's renderer apart.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ARGS,
      viewport: { width: 1280, height: 2400 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const renderers = () => chromiumProcesses(profile, 'renderer');
    const fresh = async () => {
      await page.goto(url);
      await page.evaluate(
        async ({ text, tokens }) => {
          await window.renderBench.once(text);
          await window.renderBench.stream(tokens);
        },
        { text: warmUp.text, tokens: [...warmUp.tokens] },
      );
    };
    const rows: Row[] = [];
    const summaries: CaseSummary[] = [];
    for (const c of cases) {
      const measured = await measure(page, fresh, c, renderers);
      rows.push(...measured.rows);
      summaries.push(measured.summary);
    }
    return { rows, summaries };
  } finally {
    await context?.close();
    server?.close();
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * Decode speeds at which the main thread's share is reported: a 1.5B model on
 * an integrated GPU, and a fast one (at most one update per 60 Hz frame).
 */
const SHARE_RATES = [20, 60] as const;

/** Percent of the main thread taken at `rate` tokens/s, one update per token of `perUpdate` ms. */
export const mainThreadShare = (rate: number, perUpdate: number) => (rate * perUpdate) / 10;

/** Frames of the browser-floor measurement (one character changed per frame). */
const FLOOR_FRAMES = 400;

async function measure(
  page: Page,
  fresh: () => Promise<void>,
  c: BrowserCase,
  renderers: () => number[],
): Promise<{ rows: Row[]; summary: CaseSummary }> {
  const rounds = c.rounds ?? 5;
  const cpu = <T>(work: () => Promise<T>) => mainThreadMs(renderers, work);
  const runOnce = async (method: Method) => {
    await fresh();
    return cpu(() =>
      page.evaluate(({ text, method }) => window.renderBench.once(text, method), {
        text: c.text,
        method,
      }),
    );
  };
  const runStream = async (method: Method) => {
    await fresh();
    return cpu(() =>
      page.evaluate(({ tokens, method }) => window.renderBench.stream(tokens, method), {
        tokens: [...c.tokens],
        method,
      }),
    );
  };
  const once: number[] = [];
  const onceCpu: number[] = [];
  const runs: StreamResult[] = [];
  const runsCpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const o = await runOnce('frame');
    once.push(o.result);
    onceCpu.push(o.cpuMs ?? o.result);
    const st = await runStream('frame');
    runs.push(st.result);
    runsCpu.push(st.cpuMs ?? st.result.total);
  }
  await fresh();
  // One short paragraph on the page: the least a frame that changes anything costs here.
  const floor = await cpu(() =>
    page.evaluate((frames) => window.renderBench.floor('Streaming.', frames), FLOOR_FRAMES),
  );
  const floorCpu = (floor.cpuMs ?? floor.result.total) / FLOOR_FRAMES;
  const measuredCpu = floor.cpuMs !== undefined;
  const totals = runs.map((r) => r.total);
  const maxima = runs.map((r) => r.max);
  const updates = runs[0]?.times.length ?? 0;
  const ratio = median(runsCpu) / median(onceCpu);
  const perUpdate = median(runsCpu) / Math.max(1, updates);
  const own = (median(runsCpu) - floorCpu * updates) / median(onceCpu);
  const slowestOf = (xs: StreamResult[]) =>
    Math.max(...(xs[0]?.times ?? []).map((_, i) => median(xs.map((r) => r.times[i] ?? 0))));
  const frameSlowest = slowestOf(runs);
  const drift = Math.max(...runs.map((r) => r.drift));
  const clock = measuredCpu ? 'main-thread CPU time' : 'wall time (no /proc here)';
  const rows: Row[] = [
    {
      name: `${c.label}: render final text once`,
      value: median(onceCpu),
      unit: 'ms',
      note: `${clock}, one frame; wall ${median(once).toFixed(1)} ms`,
    },
    {
      name: `${c.label}: streamed, total`,
      value: median(runsCpu),
      unit: 'ms',
      note: `${clock}, ${updates} frames, one per token; wall (frame start to the task after it, summed) ${median(totals).toFixed(0)} ms`,
    },
    {
      name: `${c.label}: streamed / once`,
      value: ratio,
      unit: '×',
      note: `${clock}, medians of ${rounds}; target ≤ 5`,
    },
    {
      name: `${c.label}: least cost of a frame`,
      value: floorCpu,
      unit: 'ms',
      note: `${clock} of a frame that changes one character of a one-line page (${FLOOR_FRAMES} frames): the floor under any update, whoever renders it`,
    },
    {
      name: `${c.label}: streamed / once, above that floor`,
      value: own,
      unit: '×',
      note: `(streamed − ${updates} × floor) ÷ once; the floor alone is ${((floorCpu * updates) / median(onceCpu)).toFixed(1)}× once`,
    },
    ...SHARE_RATES.map((rate) => ({
      name: `${c.label}: main thread while streaming at ${rate} tokens/s`,
      value: mainThreadShare(rate, perUpdate),
      unit: '%',
      note: `${rate} × ${perUpdate.toFixed(2)} ms of ${clock} per update; at ≤ 60 tokens/s the app (one update per animation frame) makes one update per token, as measured here`,
    })),
    {
      name: `${c.label}: frame latency, slowest, per-token median`,
      value: frameSlowest,
      unit: 'ms',
      note: `wall, from the frame's start to the task after it (includes waiting for the compositor); each update's median over ${rounds} runs, then the slowest; max ${median(maxima).toFixed(1)} (median of runs), p99 ${median(runs.map((r) => r.p99)).toFixed(1)}`,
    },
    {
      name: `${c.label}: scroll drift`,
      value: drift,
      unit: 'px',
      note: 'a finished block at the top of the viewport while the rest streams: how far it moved (worst run)',
    },
  ];
  // The update's own main-thread work, without paint and commit: each update
  // flushed and followed by a forced style and layout (the previous method).
  const forcedRounds = Math.min(rounds, 2);
  const forcedOnce: number[] = [];
  const forcedRuns: StreamResult[] = [];
  for (let round = 0; round < forcedRounds; round++) {
    forcedOnce.push((await runOnce('forced')).result);
    forcedRuns.push((await runStream('forced')).result);
  }
  const slowest = slowestOf(forcedRuns);
  const forcedTotal = median(forcedRuns.map((r) => r.total));
  rows.push(
    {
      name: `${c.label}: slowest update, per-token median`,
      value: slowest,
      unit: 'ms',
      note: `pipeline, React, DOM patch, style and layout of one update (forced layout, no paint); each update's median over ${forcedRounds} runs, then the slowest; max ${median(forcedRuns.map((r) => r.max)).toFixed(1)}; target ≤ 16`,
    },
    {
      name: `${c.label}: streamed / once, forced layout per token`,
      value: forcedTotal / median(forcedOnce),
      unit: '×',
      note: `the previous method (no paint or commit): ${forcedTotal.toFixed(0)} / ${median(forcedOnce).toFixed(0)} ms`,
    },
  );
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
        note: 'Chromium, wall; re-render, re-typeset, re-sanitize all per token (every k-th prefix timed, scaled by k)',
      },
      {
        name: `${c.label}: naive max update`,
        value: naive.max,
        unit: 'ms',
        note: 'Chromium, wall',
      },
    );
  }
  return {
    rows,
    summary: { label: c.label, ratio, own, perUpdate, frameSlowest, slowest, drift },
  };
}

/** The harness as one ES module plus its CSS and KaTeX fonts, production React. */
export async function bundle(dir: string): Promise<void> {
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

export async function serve(dir: string): Promise<Server> {
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
