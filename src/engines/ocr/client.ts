/**
 * The main-thread proxy of the OCR worker, with the same interface as the
 * engine. One job runs in the worker at a time (tesseract has one thread);
 * others wait here, so that cancelling the running job (which terminates the
 * worker: tesseract cannot be interrupted) loses nothing else. The worker
 * starts on first use and stops when idle.
 */
import { abortError } from '../../core/errors';
import type { NormBox } from '../../core/image/transform';
import { checkImageBytes, ocrError } from '../../core/ocr/errors';
import { EngineClient } from '../rpc/client';
import { webWorkerPort } from '../rpc/port';
import { SerialQueue } from '../rpc/queue';
import type {
  FormulaRequest,
  FormulaResult,
  OcrCalls,
  OcrEngine,
  OcrImage,
  OcrInput,
  OcrResult,
  ReadFormulaOptions,
  RecognizeOptions,
} from './protocol';

export { formulaDownloadBytes, isFormulaModelStored } from './formula/cache';

export interface OcrClientOptions {
  /** The worker is shut down after this long without work (ms); the next call starts a fresh one. */
  idleMs?: number;
  /** How to start the worker; tests pass a fake. */
  createWorker?: () => Worker;
}

const DEFAULT_IDLE_MS = 60_000;

const startWorker = () =>
  new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'ocr' });

export class OcrClient implements OcrEngine {
  private readonly engine: EngineClient<OcrCalls>;
  private readonly queue = new SerialQueue();

  constructor(options: OcrClientOptions = {}) {
    this.engine = new EngineClient<OcrCalls>(webWorkerPort(options.createWorker ?? startWorker), {
      idleMs: options.idleMs ?? DEFAULT_IDLE_MS,
      crashError: (details) => ocrError('ocr-failed', details),
    });
  }

  recognize(image: OcrInput, options: RecognizeOptions = {}): Promise<OcrResult> {
    const { signal, onProgress } = options;
    return this.queue.run(async () => {
      const { message, transfer } = await toMessage(image);
      return this.engine.call(
        'recognize',
        {
          image: message,
          language: options.language ?? 'eng',
          ...(options.transform ? { transform: options.transform } : {}),
          ...(options.formula ? { formula: options.formula } : {}),
        },
        { signal, onProgress, transfer },
      );
    }, signal);
  }

  /** Reads one region of the picture as a formula, downloading the formula model if needed. */
  readFormula(
    image: OcrInput,
    region: NormBox,
    formula: FormulaRequest,
    options: ReadFormulaOptions = {},
  ): Promise<FormulaResult> {
    const { signal, onProgress } = options;
    return this.queue.run(async () => {
      const { message, transfer } = await toMessage(image);
      return this.engine.call(
        'readFormula',
        {
          image: message,
          region,
          formula,
          ...(options.transform ? { transform: options.transform } : {}),
        },
        { signal, onProgress, transfer },
      );
    }, signal);
  }

  /** Stops the worker and fails every job. */
  dispose(): void {
    this.queue.clear(abortError());
    this.engine.stop(abortError());
  }

  /** True while a worker is running (for tests and diagnostics). */
  get running(): boolean {
    return this.engine.running;
  }
}

/**
 * A file's bytes are read and checked here, before the engine (and its
 * megabytes of language data) is even started; a bitmap is moved as it is;
 * strokes are plain data, copied.
 */
async function toMessage(
  image: OcrInput,
): Promise<{ message: OcrImage; transfer: Transferable[] }> {
  if ('strokes' in image)
    return { message: { kind: 'strokes', strokes: image.strokes }, transfer: [] };
  if (!(image instanceof Blob))
    return { message: { kind: 'bitmap', bitmap: image }, transfer: [image] };
  const bytes = await image.arrayBuffer();
  checkImageBytes(new Uint8Array(bytes));
  const name = image instanceof File ? image.name : undefined;
  return { message: { kind: 'file', bytes, name }, transfer: [bytes] };
}
