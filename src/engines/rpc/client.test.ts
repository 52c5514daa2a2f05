/**
 * The generic client against the generic worker side (serve.ts) in the same
 * thread: a port that hands each message to the handler on a later task, as
 * postMessage would. Every engine's client is this client plus its calls, so
 * the lifecycle (progress, cancel, terminate, crash, idle) is tested here once.
 */
import { describe, expect, it } from 'vitest';
import { AppError, isAbortError } from '../../core/errors';
import type { Call, ToWorker } from './calls';
import { EngineClient, type EngineClientOptions } from './client';
import type { PortEvents, PortFactory } from './port';
import { SerialQueue } from './queue';
import { serve } from './serve';

type TestCalls = {
  /** Counts to `to`, one progress reply per step, then answers the total. */
  count: Call<{ to: number; stepMs?: number }, number, number>;
  /** Never answers on its own; a cancel ends it with 'cancelled'. */
  wait: Call<void, string>;
  echo: Call<string, string>;
};

interface FakeWorker {
  events: PortEvents;
  received: ToWorker<TestCalls>[];
  terminated: boolean;
}

const later = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

function harness(options: Partial<EngineClientOptions<TestCalls>> = {}) {
  const workers: FakeWorker[] = [];
  const factory: PortFactory<ToWorker<TestCalls>> = (events) => {
    const worker: FakeWorker = { events, received: [], terminated: false };
    workers.push(worker);
    const handle = serve<TestCalls>(
      {
        count: async ({ to, stepMs = 0 }, { progress }) => {
          for (let i = 1; i <= to; i++) {
            await later(stepMs);
            progress(i);
          }
          return to;
        },
        wait: (_, { signal }) =>
          new Promise((resolve) => signal.addEventListener('abort', () => resolve('cancelled'))),
        echo: async (text) => {
          if (text === 'fail') throw new AppError('no-text');
          return text;
        },
      },
      (reply) => {
        if (!worker.terminated) setTimeout(() => worker.terminated || events.onMessage(reply), 0);
      },
    );
    return {
      post(message) {
        if (message.type !== 'cancel' && message.request === 'uncloneable') {
          throw new DOMException('could not be cloned', 'DataCloneError');
        }
        worker.received.push(message);
        setTimeout(() => void handle(message), 0);
      },
      terminate() {
        worker.terminated = true;
      },
    };
  };
  const client = new EngineClient<TestCalls>(factory, {
    crashError: (details) => new AppError('worker-crashed', { details }),
    ...options,
  });
  return { client, workers };
}

describe('EngineClient', () => {
  it('starts a worker on the first call and delivers progress, then the result', async () => {
    const { client, workers } = harness();
    expect(client.running).toBe(false);
    const steps: number[] = [];
    expect(await client.call('count', { to: 3 }, { onProgress: (n) => steps.push(n) })).toBe(3);
    expect(steps).toEqual([1, 2, 3]);
    expect(await client.call('echo', 'again')).toBe('again');
    expect(workers).toHaveLength(1);
    expect(client.running).toBe(true);
  });

  it('rebuilds a worker error as an AppError with its code', async () => {
    const { client } = harness();
    const error = await client.call('echo', 'fail').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'no-text' });
  });

  it("cancels a cooperative call in the worker: it ends with the worker's result", async () => {
    const { client, workers } = harness();
    const controller = new AbortController();
    const waiting = client.call('wait', undefined, { signal: controller.signal, abort: 'cancel' });
    await later(5);
    controller.abort();
    expect(await waiting).toBe('cancelled');
    expect(workers[0]?.terminated).toBe(false);
    expect(workers[0]?.received.map((m) => m.type)).toEqual(['wait', 'cancel']);
  });

  it('starts and at once cancels a cooperative call whose signal fired already', async () => {
    const { client } = harness();
    const signal = AbortSignal.abort();
    expect(await client.call('wait', undefined, { signal, abort: 'cancel' })).toBe('cancelled');
  });

  it('ends other calls by terminating the worker; the next call starts a fresh one', async () => {
    const { client, workers } = harness();
    const controller = new AbortController();
    const counting = client.call('count', { to: 100, stepMs: 5 }, { signal: controller.signal });
    const other = client.call('wait', undefined);
    await later(20);
    controller.abort();
    await expect(counting).rejects.toSatisfy(isAbortError);
    await expect(other).rejects.toSatisfy(isAbortError);
    expect(workers[0]?.terminated).toBe(true);
    expect(await client.call('echo', 'fresh')).toBe('fresh');
    expect(workers).toHaveLength(2);
  });

  it('does not start a worker for a call aborted before it began', async () => {
    const { client, workers } = harness();
    await expect(client.call('echo', 'x', { signal: AbortSignal.abort() })).rejects.toSatisfy(
      isAbortError,
    );
    expect(workers).toHaveLength(0);
  });

  it('fails every call of a crashed worker with the crash error, and replaces it', async () => {
    const stops: unknown[] = [];
    const { client, workers } = harness({ onStop: (_, reason) => stops.push(reason) });
    const a = client.call('wait', undefined);
    const b = client.call('count', { to: 100, stepMs: 5 });
    await later(5);
    workers[0]?.events.onCrash('out of memory');
    await expect(a).rejects.toMatchObject({ code: 'worker-crashed', details: 'out of memory' });
    await expect(b).rejects.toMatchObject({ code: 'worker-crashed' });
    expect(workers[0]?.terminated).toBe(true);
    expect(stops).toHaveLength(1);
    expect(await client.call('echo', 'next')).toBe('next');
    expect(workers).toHaveLength(2);
  });

  it('fails a message the worker cannot receive as a crash, without losing the client', async () => {
    const { client, workers } = harness();
    await expect(client.call('echo', 'uncloneable')).rejects.toMatchObject({
      code: 'worker-crashed',
      details: expect.stringContaining('DataCloneError'),
    });
    expect(await client.call('echo', 'ok')).toBe('ok');
    expect(workers).toHaveLength(2);
  });

  it('drops replies of the wrong kind, garbage and malformed results', async () => {
    const { client, workers } = harness({ checks: { echo: (text) => text !== 'bad' } });
    const waiting = client.call('wait', undefined, {
      signal: AbortSignal.timeout(50),
      abort: 'cancel',
    });
    await later(5);
    const events = workers[0]?.events;
    events?.onMessage({ type: 'result', id: 1, call: 'echo', result: 'forged' });
    events?.onMessage(null);
    events?.onMessage({ type: 'result', id: '1', call: 'wait', result: 'forged' });
    events?.onMessage({ type: 'surprise', id: 1 });
    expect(await waiting).toBe('cancelled');
    await expect(client.call('echo', 'bad')).rejects.toMatchObject({ code: 'internal' });
  });

  it('stops an idle worker, but not one that is busy', async () => {
    const { client, workers } = harness({ idleMs: 30 });
    await client.call('count', { to: 8, stepMs: 10 });
    expect(workers[0]?.terminated).toBe(false);
    await later(60);
    expect(workers[0]?.terminated).toBe(true);
    expect(client.running).toBe(false);
  });

  it('fails the calls of a stopped worker with the given reason', async () => {
    const { client } = harness();
    const waiting = client.call('wait', undefined);
    client.stop(new AppError('aborted', { details: 'unloaded' }));
    await expect(waiting).rejects.toMatchObject({ code: 'aborted', details: 'unloaded' });
  });
});

describe('SerialQueue', () => {
  it('runs one task at a time, in order; an aborted waiting task never starts', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await later(10);
      log.push(`end ${name}`);
      return name;
    };
    const controller = new AbortController();
    const a = queue.run(task('a'));
    const b = queue.run(task('b'), controller.signal);
    const c = queue.run(task('c'));
    controller.abort();
    await expect(b).rejects.toSatisfy(isAbortError);
    expect(await Promise.all([a, c])).toEqual(['a', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start c', 'end c']);
  });

  it('fails the waiting tasks on clear(), and goes on with new ones', async () => {
    const queue = new SerialQueue();
    const a = queue.run(() => later(10).then(() => 'a'));
    const b = queue.run(async () => 'b');
    queue.clear(new Error('disposed'));
    await expect(b).rejects.toThrow('disposed');
    expect(await a).toBe('a');
    expect(await queue.run(async () => 'c')).toBe('c');
  });
});
