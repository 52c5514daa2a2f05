import { abortError, deserializeError } from '../../core/errors';
import { checkImageBytes, ocrError } from '../../core/ocr/errors';
import type {
  OcrEngine,
  OcrImage,
  OcrLanguage,
  OcrReply,
  OcrRequest,
  OcrResult,
  RecognizeOptions,
} from './protocol';

export interface OcrClientOptions {
  /** The worker is shut down after this long without work (ms); the next call starts a fresh one. */
  idleMs?: number;
  /** How to start the worker; tests pass a fake. */
  createWorker?: () => Worker;
}

interface Job {
  id: string;
  image: Blob | ImageBitmap;
  options: RecognizeOptions;
  resolve: (result: OcrResult) => void;
  reject: (error: unknown) => void;
  cleanup: () => void;
}

const DEFAULT_IDLE_MS = 60_000;

function startWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'ocr' });
}

/**
 * The main-thread proxy of the OCR worker, with the same interface as the
 * engine. One job runs in the worker at a time (tesseract has one thread);
 * others wait here, so that cancelling the running job (which terminates
 * the worker: tesseract cannot be interrupted) loses nothing else. The
 * worker starts on first use and stops when idle.
 */
export class OcrClient implements OcrEngine {
  private worker: Worker | null = null;
  private active: Job | null = null;
  private readonly queue: Job[] = [];
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private nextId = 0;
  private readonly idleMs: number;
  private readonly createWorker: () => Worker;

  constructor(options: OcrClientOptions = {}) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.createWorker = options.createWorker ?? startWorker;
  }

  recognize(image: Blob | ImageBitmap, options: RecognizeOptions = {}): Promise<OcrResult> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<OcrResult>((resolve, reject) => {
      const job: Job = {
        id: `ocr-${++this.nextId}`,
        image,
        options,
        resolve,
        reject,
        cleanup: () => {},
      };
      if (signal) {
        const onAbort = () => this.abort(job);
        signal.addEventListener('abort', onAbort, { once: true });
        job.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Stops the worker and fails every job. */
  dispose(): void {
    const jobs = [...(this.active ? [this.active] : []), ...this.queue.splice(0)];
    this.active = null;
    this.stopWorker();
    for (const job of jobs) this.settle(job, () => job.reject(abortError()));
  }

  /** True while a worker is running (for tests and diagnostics). */
  get running(): boolean {
    return this.worker !== null;
  }

  private abort(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
    } else if (this.active === job) {
      // Tesseract cannot be interrupted mid-read: end the worker, start fresh next time.
      this.active = null;
      this.stopWorker();
    } else {
      return;
    }
    this.settle(job, () => job.reject(abortError()));
    this.pump();
  }

  private async pump(): Promise<void> {
    if (this.active || this.queue.length === 0) return;
    const job = this.queue.shift();
    if (!job) return;
    this.active = job;
    this.clearIdle();
    let image: OcrImage;
    const transfer: Transferable[] = [];
    try {
      if (job.image instanceof Blob) {
        const bytes = await job.image.arrayBuffer();
        // Refuse what is not a usable image here, before the engine (and its
        // megabytes of language data) is even started.
        checkImageBytes(new Uint8Array(bytes));
        image = {
          kind: 'file',
          bytes,
          name: job.image instanceof File ? job.image.name : undefined,
        };
        transfer.push(bytes);
      } else {
        image = { kind: 'bitmap', bitmap: job.image };
        transfer.push(job.image);
      }
    } catch (error) {
      this.finish(job, () => job.reject(error));
      return;
    }
    if (this.active !== job) return; // aborted while reading the file
    const request: OcrRequest = {
      type: 'recognize',
      id: job.id,
      image,
      language: job.options.language ?? ('eng' satisfies OcrLanguage),
    };
    try {
      this.ensureWorker().postMessage(request, transfer);
    } catch (error) {
      this.stopWorker();
      this.finish(job, () =>
        job.reject(ocrError('ocr-failed', error instanceof Error ? error.message : String(error))),
      );
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (event: MessageEvent<OcrReply>) => this.onReply(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.stopWorker();
      const job = this.active;
      if (job)
        this.finish(job, () =>
          job.reject(ocrError('ocr-failed', event.message || 'the worker did not start')),
        );
    };
    this.worker = worker;
    return worker;
  }

  private onReply(reply: OcrReply): void {
    const job = this.active;
    if (!job || reply.id !== job.id) return;
    switch (reply.type) {
      case 'progress':
        job.options.onProgress?.({ stage: reply.stage, progress: reply.progress });
        return;
      case 'result':
        this.finish(job, () => job.resolve(reply.result));
        return;
      case 'error':
        this.finish(job, () => job.reject(deserializeError(reply.error)));
        return;
    }
  }

  private finish(job: Job, settle: () => void): void {
    if (this.active === job) this.active = null;
    this.settle(job, settle);
    if (this.queue.length > 0) void this.pump();
    else this.scheduleIdle();
  }

  private settle(job: Job, settle: () => void): void {
    job.cleanup();
    settle();
  }

  private scheduleIdle(): void {
    this.clearIdle();
    if (!this.worker) return;
    this.idleTimer = setTimeout(() => {
      if (!this.active && this.queue.length === 0) this.stopWorker();
    }, this.idleMs);
  }

  private clearIdle(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private stopWorker(): void {
    this.clearIdle();
    this.worker?.terminate();
    this.worker = null;
  }
}
