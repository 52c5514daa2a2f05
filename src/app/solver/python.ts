/**
 * The app's one Python engine, created on first need: the worker module and
 * Pyodide stay out of the initial load, and "With Python" warms it up while
 * the student is still typing.
 */
import type { PythonClient } from '../../engines/python/client';

let client: Promise<PythonClient> | undefined;

export function pythonEngine(): Promise<PythonClient> {
  client ??= import('../../engines/python/client').then(({ PythonClient }) => new PythonClient());
  return client;
}

/** Starts Pyodide and sympy in the background; failures surface on the first real run. */
export function warmPython(): void {
  void pythonEngine()
    .then((python) => python.warm())
    .catch(() => {});
}
