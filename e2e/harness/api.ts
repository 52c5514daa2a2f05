/**
 * What the Python harness page (python.html) exposes as `window.pythonHarness`.
 * Types only, shared by the page (checked as browser code) and the specs
 * (checked as Node code), so neither program has to compile the other's file.
 */
import type { InitResult } from '../../src/engines/python/protocol';

export interface HarnessOptions {
  /** Default time limit per run (the client's default is 10 s). */
  timeoutMs?: number;
  memoryLimitBytes?: number;
  /** How long the sandboxed frame may take to start before the page hosts the worker. */
  frameConnectMs?: number;
}

export interface HarnessRun {
  output: string;
  ok: boolean;
  /** Wall time of the run, as the page saw it. */
  ms: number;
  /** The page's main thread, measured by a 10 ms timer loop while the run lasted. */
  heartbeat: { ticks: number; maxGapMs: number };
}

export interface PythonHarness {
  /** Replaces the page's PythonClient (the previous one is disposed). */
  start(options?: HarnessOptions): void;
  warm(): Promise<InitResult>;
  run(code: string, options: { session: string; timeoutMs?: number }): Promise<HarnessRun>;
  endSession(session: string): Promise<void>;
  /** The client's `onStatus` states since start(), e.g. loading, ready, stopped. */
  states(): string[];
}

export interface HarnessWindow {
  pythonHarness: PythonHarness;
}
