/**
 * The Node worker thread that runs Pyodide for `npm run py`, `npm run eval
 * --mode tir` and the tests: the same engine and handler as the browser
 * worker, so a time limit can terminate the thread as the app terminates its
 * Web Worker.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { loadPyodide } from 'pyodide';
import { PythonEngine } from './engine';
import { createPythonHandler } from './handler';
import { lockdownNode } from './node-lockdown';
import type { PythonRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('node-worker.ts runs as a worker thread.');

async function bytes(url: string): Promise<Uint8Array> {
  if (url.startsWith('file:')) {
    const buffer = await readFile(fileURLToPath(url));
    // Pyodide wants a plain Uint8Array, not a Buffer.
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} could not be downloaded (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

const engine = new PythonEngine({
  loadPyodide: (config, jsglobals) =>
    loadPyodide({ indexURL: config.indexURL, jsglobals, stdout: () => {}, stderr: () => {} }),
  bytes: { bytes },
  lockdown: lockdownNode,
});

const handle = createPythonHandler(engine, (reply) => port.postMessage(reply));
port.on('message', (message: PythonRequest) => {
  void handle(message);
});
