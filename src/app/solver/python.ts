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

/** Longest wait for the service worker before warming up anyway. */
const SERVICE_WORKER_WAIT_MS = 5000;

/**
 * Starts Pyodide and sympy in the background; failures surface on the first
 * real run. On a first visit the service worker takes control a moment after
 * load: warming up before that would fetch Pyodide's ~24 MB past it, and the
 * files would not be kept for offline use.
 */
export function warmPython(): void {
  void serviceWorkerInControl()
    .then(pythonEngine)
    .then((python) => python.warm())
    .catch(() => {});
}

function serviceWorkerInControl(): Promise<void> {
  const container = navigator.serviceWorker;
  if (!container || container.controller) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, SERVICE_WORKER_WAIT_MS);
    container.addEventListener(
      'controllerchange',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
