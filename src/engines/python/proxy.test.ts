/**
 * The proxy's lifecycle (time limits, aborts, crashes, replay, idle shutdown)
 * against a scripted worker, so each case takes milliseconds. The real worker
 * is exercised by runner.test.ts and sandbox.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { AppError, isAbortError } from '../../core/errors';
import type { PortEvents } from '../rpc/port';
import type { PythonReply, PythonRequest } from './protocol';
import { type PythonPortFactory, PythonProxy, type PythonProxyOptions } from './proxy';

interface FakeWorker {
  ran: string[];
  terminated: boolean;
}

/** A worker that answers `run` with "ran:<code>", except: "hang" never answers, "crash" dies, "big" bloats. */
function scripted(options: { failInit?: number } = {}) {
  const workers: FakeWorker[] = [];
  let inits = 0;
  const factory: PythonPortFactory = (handlers) => {
    const worker: FakeWorker = { ran: [], terminated: false };
    workers.push(worker);
    const reply = (message: PythonReply) =>
      setTimeout(() => {
        if (!worker.terminated) handlers.onMessage(message);
      }, 1);
    return {
      terminate: () => {
        worker.terminated = true;
      },
      post(message: PythonRequest) {
        if (message.type === 'init') {
          inits++;
          if (options.failInit !== undefined && inits <= options.failInit) {
            reply({
              type: 'error',
              id: message.id,
              error: { name: 'AppError', code: 'python-load', message: 'no files' },
            });
            return;
          }
          reply({
            type: 'result',
            id: message.id,
            call: 'init',
            result: {
              pyodideVersion: 'test',
              packages: {},
              packagesFrom: 'none',
              ms: { runtime: 0, packages: 0, imports: 0, total: 0 },
            },
          });
        } else if (message.type === 'run') {
          const { code } = message.request;
          worker.ran.push(code);
          if (code.endsWith('hang')) return;
          if (code === 'crash') {
            setTimeout(() => handlers.onCrash('out of memory'), 1);
            return;
          }
          reply({
            type: 'result',
            id: message.id,
            call: 'run',
            result: {
              output: `ran:${code}`,
              ok: true,
              ms: 1,
              heapBytes: code === 'big' ? 2 ** 31 : 2 ** 20,
              fatal: false,
            },
          });
        } else {
          reply({ type: 'result', id: message.id, call: 'end-session', result: null });
        }
      },
    };
  };
  return { factory, workers };
}

function proxy(factory: PythonPortFactory, options: Partial<PythonProxyOptions> = {}) {
  return new PythonProxy(factory, {
    config: { indexURL: '/', packagesManifestUrl: null, preimport: [], memoryLimitBytes: 2 ** 30 },
    idleMs: 0,
    ...options,
  });
}

describe('PythonProxy', () => {
  it('runs programs once the engine is up', async () => {
    const { factory, workers } = scripted();
    const python = proxy(factory);
    expect((await python.warm()).pyodideVersion).toBe('test');
    expect(await python.run('x = 1', { session: 's' })).toEqual({ output: 'ran:x = 1', ok: true });
    expect(workers).toHaveLength(1);
    python.dispose();
  });

  it('ends a run at its time limit, restarts the worker and replays the session', async () => {
    const { factory, workers } = scripted();
    const python = proxy(factory, { timeoutMs: 5000 });
    await python.run('import math\nx = 1', { session: 's' });
    const started = Date.now();
    const timedOut = await python.run('import sympy\nhang', { session: 's', timeoutMs: 50 });
    expect(timedOut).toEqual({ output: 'Timeout Error', ok: false });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(workers[0]?.terminated).toBe(true);
    expect(workers).toHaveLength(2); // restarted at once, not at the next run
    expect(await python.run('print(x)', { session: 's' })).toEqual({
      output: 'ran:print(x)',
      ok: true,
    });
    // The completed program again, only the imports of the killed one, then the new one.
    expect(workers[1]?.ran).toEqual(['import math\nx = 1', 'import sympy', 'print(x)']);
    python.dispose();
  });

  it('terminates the worker when a run is aborted', async () => {
    const { factory, workers } = scripted();
    const python = proxy(factory);
    await python.warm();
    const controller = new AbortController();
    const running = python.run('hang', { session: 's', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(running).rejects.toSatisfy(isAbortError);
    expect(workers[0]?.terminated).toBe(true);
    expect(await python.run('1', { session: 't' })).toEqual({ output: 'ran:1', ok: true });
    python.dispose();
  });

  it('does not start an aborted run', async () => {
    const { factory, workers } = scripted();
    const python = proxy(factory);
    await expect(python.run('1', { session: 's', signal: AbortSignal.abort() })).rejects.toSatisfy(
      isAbortError,
    );
    expect(workers).toHaveLength(0);
  });

  it('turns a worker that dies under a program into a result, and starts a new one', async () => {
    const { factory, workers } = scripted();
    const python = proxy(factory);
    expect(await python.run('crash', { session: 's' })).toEqual({
      output: 'MemoryError',
      ok: false,
    });
    expect(workers[0]?.terminated).toBe(true);
    expect(await python.run('2', { session: 's' })).toEqual({ output: 'ran:2', ok: true });
    python.dispose();
  });

  it('replaces a worker whose heap grew past the limit', async () => {
    const { factory, workers } = scripted();
    const python = proxy(factory, { recycleAboveBytes: 2 ** 30 });
    expect(await python.run('big', { session: 's' })).toEqual({ output: 'ran:big', ok: true });
    expect(workers[0]?.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    python.dispose();
  });

  it('reports a failed start as an AppError, and tries again on the next call', async () => {
    const { factory, workers } = scripted({ failInit: 1 });
    const statuses: string[] = [];
    const python = proxy(factory, { onStatus: (s) => statuses.push(s.state) });
    const error = await python.run('1', { session: 's' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('python-load');
    expect(statuses).toContain('failed');
    expect(await python.run('1', { session: 's' })).toEqual({ output: 'ran:1', ok: true });
    expect(workers).toHaveLength(2);
    python.dispose();
  });

  it('stops an idle worker, and starts one again when needed', async () => {
    const { factory, workers } = scripted();
    const python = proxy(factory, { idleMs: 30 });
    await python.run('1', { session: 's' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(workers[0]?.terminated).toBe(true);
    expect(workers).toHaveLength(1);
    expect(await python.run('2', { session: 's' })).toEqual({ output: 'ran:2', ok: true });
    expect(workers).toHaveLength(2);
    python.dispose();
  });

  it('runs one program at a time, each with its own time limit', async () => {
    const { factory } = scripted();
    const python = proxy(factory);
    const results = await Promise.all([
      python.run('hang', { session: 'a', timeoutMs: 40 }),
      python.run('after', { session: 'b', timeoutMs: 2000 }),
    ]);
    expect(results).toEqual([
      { output: 'Timeout Error', ok: false },
      { output: 'ran:after', ok: true },
    ]);
    python.dispose();
  });

  it('ignores replies that do not match a request', async () => {
    let handlers: PortEvents | undefined;
    const { factory } = scripted();
    const python = proxy((h) => {
      handlers = h;
      return factory(h);
    });
    await python.warm();
    const running = python.run('x', { session: 's' });
    // A forged reply of the wrong kind for the live id, one of the right kind but the wrong
    // shape, then garbage.
    handlers?.onMessage({ type: 'result', id: 2, call: 'end-session', result: null });
    handlers?.onMessage({ type: 'progress', id: 2, call: 'run', progress: 'x' });
    handlers?.onMessage(null);
    handlers?.onMessage({ type: 'result', id: 'x' });
    expect(await running).toEqual({ output: 'ran:x', ok: true });
    python.dispose();
  });
});
