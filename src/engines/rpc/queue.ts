/**
 * One task at a time, for engines whose worker has one thread that a task
 * holds (tesseract, Python). A task aborted while it waits never starts and
 * costs the running one nothing; what an abort does to a running task is
 * that task's business (usually: terminate the worker).
 */
import { abortError } from '../../core/errors';

interface Waiting {
  start(): void;
  fail(reason: unknown): void;
}

export class SerialQueue {
  private readonly waiting: Waiting[] = [];
  private active = false;

  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortError());
    const result = new Promise<T>((resolve, reject) => {
      const entry: Waiting = {
        start: () => {
          this.active = true;
          task()
            .then(resolve, reject)
            .finally(() => {
              this.active = false;
              this.next();
            });
        },
        fail: reject,
      };
      this.waiting.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          const at = this.waiting.indexOf(entry);
          if (at >= 0) this.waiting.splice(at, 1);
        },
        { once: true },
      );
    });
    this.next();
    return withAbort(result, signal);
  }

  /** Fails every task that has not started. */
  clear(reason: unknown): void {
    for (const entry of this.waiting.splice(0)) entry.fail(reason);
  }

  private next(): void {
    if (this.active) return;
    this.waiting.shift()?.start();
  }
}

/** The promise, or an AbortError as soon as the signal fires (the work itself goes on). */
export function withAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
