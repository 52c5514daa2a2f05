/**
 * Runs programs in a loaded Pyodide, the same way in the browser worker and in
 * the Node worker thread. The Python side (executor-source.ts) does the
 * executor semantics; this side installs it, calls it, and tells a Python
 * error (a result) from a dead runtime (the worker must be replaced).
 */
import type { PyodideAPI } from 'pyodide';
import { EXECUTOR_MODULE, EXECUTOR_SOURCE } from './executor-source';
import { runtimeFailure } from './failure';
import type { RunOutcome } from './protocol';

export type Pyodide = PyodideAPI;

interface PyCallable {
  (...args: unknown[]): unknown;
  destroy?: () => void;
}

interface PyTuple {
  toJs(): unknown[];
  destroy(): void;
}

const EXECUTOR_DIR = '/lib/math-tutor';

export class PythonRunner {
  private dead: string | undefined;

  private constructor(
    private readonly pyodide: Pyodide,
    private readonly runFn: PyCallable,
    private readonly endFn: PyCallable,
    private readonly lockdownFn: PyCallable,
  ) {}

  /** Writes the executor module into Pyodide's file system and imports it. */
  static install(pyodide: Pyodide): PythonRunner {
    pyodide.FS.mkdirTree(EXECUTOR_DIR);
    pyodide.FS.writeFile(`${EXECUTOR_DIR}/${EXECUTOR_MODULE}.py`, EXECUTOR_SOURCE);
    pyodide.runPython(`import sys\nsys.path.append(${JSON.stringify(EXECUTOR_DIR)})`);
    // Kept alive for the worker's lifetime: the functions below are borrowed from it.
    const module = pyodide.pyimport(EXECUTOR_MODULE) as Record<string, PyCallable>;
    return new PythonRunner(
      pyodide,
      module.run as PyCallable,
      module.end as PyCallable,
      module.lockdown as PyCallable,
    );
  }

  /** Python's side of the sandbox; `blocked` maps module names to the error they raise. */
  lockdown(blocked: Record<string, string>): void {
    this.lockdownFn(JSON.stringify(blocked));
  }

  run(session: string, code: string): RunOutcome {
    const started = performance.now();
    if (this.dead) return this.outcome(false, this.dead, started, true);
    let tuple: PyTuple | undefined;
    try {
      tuple = this.runFn(session, code) as PyTuple;
      const [ok, output] = tuple.toJs() as [boolean, string];
      return this.outcome(ok, output, started, false);
    } catch (error) {
      // Python errors are caught in Python; reaching here means the runtime itself failed.
      this.dead = runtimeFailure(error);
      return this.outcome(false, this.dead, started, true);
    } finally {
      tuple?.destroy();
    }
  }

  endSession(session: string): void {
    if (!this.dead) this.endFn(session);
  }

  heapBytes(): number {
    try {
      const internals = this.pyodide as unknown as { _module: { HEAPU8: Uint8Array } };
      return internals._module.HEAPU8.buffer.byteLength;
    } catch {
      return 0;
    }
  }

  private outcome(ok: boolean, output: string, started: number, fatal: boolean): RunOutcome {
    return { ok, output, ms: performance.now() - started, heapBytes: this.heapBytes(), fatal };
  }
}
