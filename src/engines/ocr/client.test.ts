import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../core/errors';
import { OcrClient } from './client';
import type { OcrReply, OcrResult, RecognizeRequest } from './protocol';

type Request = { type: 'recognize'; id: number; request: RecognizeRequest };

const RESULT: OcrResult = {
  text: 'x + 1',
  confidence: 0.9,
  uncertain: [],
  mathHeavy: false,
  formulas: [],
  words: [],
  formulaCandidates: 0,
  formulaStatus: 'none',
  notices: [],
  width: 10,
  height: 10,
  ms: 5,
};

/** A stand-in for the OCR worker: answers each request after `delay` ms unless told otherwise. */
class FakeWorker {
  static created: FakeWorker[] = [];
  onmessage: ((event: MessageEvent<OcrReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  requests: Request[] = [];
  transfers: Transferable[][] = [];
  terminated = false;
  constructor(
    private readonly delay = 10,
    private readonly reply: (request: Request) => OcrReply = (r) => ({
      type: 'result',
      id: r.id,
      call: 'recognize',
      result: RESULT,
    }),
  ) {
    FakeWorker.created.push(this);
  }
  postMessage(request: Request, transfer: Transferable[] = []) {
    this.requests.push(request);
    this.transfers.push(transfer);
    setTimeout(() => {
      if (this.terminated) return;
      this.onmessage?.({
        data: {
          type: 'progress',
          id: request.id,
          call: 'recognize',
          progress: { stage: 'reading', progress: 0.5 },
        },
      } as MessageEvent<OcrReply>);
      this.onmessage?.({ data: this.reply(request) } as MessageEvent<OcrReply>);
    }, this.delay);
  }
  terminate() {
    this.terminated = true;
  }
}

/** The smallest file that passes the byte checks: a PNG signature, an IHDR and an IEND. */
function png(): Blob {
  const chunk = (type: string, data: number[]) => [
    0,
    0,
    0,
    data.length,
    ...new TextEncoder().encode(type),
    ...data,
    0,
    0,
    0,
    0,
  ];
  return new Blob([
    new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      ...chunk('IHDR', [0, 0, 0, 10, 0, 0, 0, 10, 8, 2, 0, 0, 0]),
      ...chunk('IEND', []),
    ]),
  ]);
}

function client(delay?: number, reply?: (request: Request) => OcrReply, idleMs?: number) {
  return new OcrClient({
    createWorker: () => new FakeWorker(delay, reply) as unknown as Worker,
    idleMs,
  });
}

afterEach(() => {
  FakeWorker.created = [];
  vi.useRealTimers();
});

describe('OcrClient', () => {
  it('starts the worker on first use, transfers the bytes and resolves with the result', async () => {
    const progress: string[] = [];
    const ocr = client();
    expect(ocr.running).toBe(false);
    const result = await ocr.recognize(png(), { onProgress: (p) => progress.push(p.stage) });
    expect(result).toEqual(RESULT);
    expect(progress).toEqual(['reading']);
    const [worker] = FakeWorker.created;
    expect(worker?.requests[0]?.request.image.kind).toBe('file');
    expect(worker?.transfers[0]?.[0]).toBeInstanceOf(ArrayBuffer);
    const request = worker?.requests[0];
    expect(request?.type === 'recognize' && request.request.language).toBe('eng');
  });

  it('refuses a non-image on the main thread without starting the worker', async () => {
    const ocr = client();
    await expect(ocr.recognize(new Blob(['hello']))).rejects.toMatchObject({ code: 'not-image' });
    await expect(ocr.recognize(new Blob([]))).rejects.toMatchObject({ code: 'image-empty' });
    expect(FakeWorker.created).toHaveLength(0);
  });

  it('rebuilds worker errors as AppError with their code', async () => {
    const ocr = client(5, (r) => ({
      type: 'error',
      id: r.id,
      error: { name: 'AppError', code: 'no-text', message: 'No text was found.' },
    }));
    const error = await ocr.recognize(png()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'no-text', message: 'No text was found.' });
  });

  it('cancels by terminating the worker; the next job gets a fresh one', async () => {
    const ocr = client(50);
    const controller = new AbortController();
    const first = ocr.recognize(png(), { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect(FakeWorker.created[0]?.terminated).toBe(true);
    await expect(ocr.recognize(png())).resolves.toEqual(RESULT);
    expect(FakeWorker.created).toHaveLength(2);
  });

  it('runs one job at a time; cancelling a queued job leaves the running one alone', async () => {
    const ocr = client(20);
    const controller = new AbortController();
    const a = ocr.recognize(png());
    const b = ocr.recognize(png(), { signal: controller.signal });
    const c = ocr.recognize(png());
    controller.abort();
    await expect(b).rejects.toMatchObject({ name: 'AbortError' });
    await expect(a).resolves.toEqual(RESULT);
    await expect(c).resolves.toEqual(RESULT);
    expect(FakeWorker.created).toHaveLength(1);
    expect(FakeWorker.created[0]?.requests).toHaveLength(2);
  });

  it('rejects at once for an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(client().recognize(png(), { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('shuts an idle worker down', async () => {
    const ocr = client(1, undefined, 30);
    await ocr.recognize(png());
    expect(ocr.running).toBe(true);
    await new Promise((r) => setTimeout(r, 60));
    expect(ocr.running).toBe(false);
    expect(FakeWorker.created[0]?.terminated).toBe(true);
  });

  it('reports a worker that fails to start as an engine error', async () => {
    const ocr = new OcrClient({
      createWorker: () => {
        const worker = new FakeWorker(1000) as unknown as Worker & FakeWorker;
        setTimeout(
          () => worker.onerror?.({ message: 'Failed to fetch', preventDefault() {} } as ErrorEvent),
          5,
        );
        return worker;
      },
    });
    await expect(ocr.recognize(png())).rejects.toMatchObject({ code: 'ocr-failed' });
  });
});
