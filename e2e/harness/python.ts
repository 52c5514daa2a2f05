/**
 * The e2e harness page: the app's real PythonClient (its module worker,
 * sandbox and Pyodide + packed sympy served from /pyodide/), driven by
 * Playwright through `window.pythonHarness`. Built only in e2e mode.
 */
import { PythonClient } from '../../src/engines/python/client';
import type { HarnessOptions, HarnessRun, HarnessWindow, PythonHarness } from './api';

let client: PythonClient | undefined;
let states: string[] = [];

function start(options: HarnessOptions = {}): PythonClient {
  client?.dispose();
  states = [];
  // idleMs 0: a test decides when the worker goes away, not a timer.
  client = new PythonClient({ ...options, idleMs: 0, onStatus: (s) => states.push(s.state) });
  return client;
}

/**
 * Counts a 10 ms timer loop on this (the main) thread until stopped: if Python
 * blocked the page, the longest gap would be as long as the run.
 */
function heartbeat(): () => HarnessRun['heartbeat'] {
  let ticks = 0;
  let last = performance.now();
  let maxGapMs = 0;
  let timer = 0;
  const tick = () => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks++;
    timer = window.setTimeout(tick, 10);
  };
  timer = window.setTimeout(tick, 10);
  return () => {
    window.clearTimeout(timer);
    return { ticks, maxGapMs: Math.max(maxGapMs, performance.now() - last) };
  };
}

const harness: PythonHarness = {
  start(options) {
    start(options);
  },
  warm: () => (client ?? start()).warm(),
  async run(code, options) {
    const python = client ?? start();
    const stop = heartbeat();
    const t0 = performance.now();
    try {
      const result = await python.run(code, options);
      return { ...result, ms: performance.now() - t0, heartbeat: stop() };
    } catch (error) {
      stop();
      throw error;
    }
  },
  endSession: (session) => (client ?? start()).endSession(session),
  states: () => [...states],
};

(window as unknown as HarnessWindow).pythonHarness = harness;
