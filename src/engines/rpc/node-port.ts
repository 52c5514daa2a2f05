/**
 * Node worker threads as ports (port.ts), so the CLIs and tests run an engine
 * worker the way the app runs its Web Worker: same handler, same client, a
 * time limit that terminates the thread.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PortFactory } from './port';

const require = createRequire(import.meta.url);

/**
 * Node 20 does not apply `--import tsx` to a worker thread's own entry, so a
 * small bootstrap imports the TypeScript entry through tsx's API (this works
 * under tsx and under vitest alike).
 */
const TSX_API = pathToFileURL(
  path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs'),
).href;

function bootstrap(entry: URL): string {
  const url = JSON.stringify(entry.href);
  return `import(${JSON.stringify(TSX_API)}).then(({ tsImport }) => tsImport(${url}, ${url}));`;
}

/**
 * Starts a worker thread running the TypeScript module `entry`. What the
 * thread prints goes nowhere: `npm run py` prints one result and nothing else.
 * Buffers are copied, not moved (no engine in Node transfers any).
 */
export function nodeWorkerPort<In>(entry: URL): PortFactory<In> {
  return (events) => {
    const worker = new Worker(bootstrap(entry), { eval: true, stdout: true, stderr: true });
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on('message', (data: unknown) => events.onMessage(data));
    worker.on('error', (error: unknown) =>
      events.onCrash(error instanceof Error ? error.message : String(error)),
    );
    worker.on('exit', (code) => events.onCrash(`the worker thread exited with code ${code}`));
    return {
      post: (message) => worker.postMessage(message),
      terminate: () => {
        void worker.terminate();
      },
    };
  };
}
