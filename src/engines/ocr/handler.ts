import { AppError } from '../../core/errors';
import { renderSketch } from '../../core/image/sketch';
import { applyTransform, type ImageTransform, toNorm, toPixels } from '../../core/image/transform';
import type { RgbaImage } from '../../core/image/types';
import { ocrError } from '../../core/ocr/errors';
import { readSelectedFormula } from '../../core/ocr/formula/read';
import { runPipeline } from '../../core/ocr/pipeline';
import type { FormulaReader, OcrRecognizer } from '../../core/ocr/types';
import { type MessageHandler, serve } from '../rpc/serve';
import type {
  FormulaRequest,
  FormulaResult,
  FormulaStatus,
  OcrCalls,
  OcrImage,
  OcrLanguage,
  OcrProgress,
  OcrReply,
  OcrResult,
  ReadFormulaRequest,
  RecognizeRequest,
} from './protocol';

export interface DecodedImage {
  rgba: RgbaImage;
  /** Size as decoded, before any downscaling for the working copy. */
  width: number;
  height: number;
  notices: string[];
}

export interface LoadedRecognizer extends OcrRecognizer {
  terminate(): Promise<void>;
}

export interface LoadedFormulaReader extends FormulaReader {
  dispose(): Promise<void>;
}

/** What the handler needs from its environment; the worker passes real ones, tests fakes. */
export interface OcrHandlerDeps {
  post(reply: OcrReply): void;
  decode(image: OcrImage): Promise<DecodedImage>;
  loadRecognizer(
    language: OcrLanguage,
    onProgress: (progress: number) => void,
  ): Promise<LoadedRecognizer>;
  /**
   * The formula recogniser, or null when it is not on this device and
   * `request.download` is false. Throws when it cannot be had (offline, not
   * hosted, broken files).
   */
  loadFormulaReader?(
    request: FormulaRequest,
    onProgress: (progress: number) => void,
  ): Promise<LoadedFormulaReader | null>;
  now?: () => number;
}

/**
 * The worker's logic, free of `self`: takes requests, replies with progress,
 * a result or an error. Tesseract is loaded on the first request and kept for
 * the next, as is the formula recogniser; requests run one at a time because
 * tesseract has one thread.
 */
export function createOcrHandler(deps: OcrHandlerDeps): MessageHandler<OcrCalls> {
  const now = deps.now ?? (() => performance.now());
  let loaded: { language: OcrLanguage; recognizer: Promise<LoadedRecognizer> } | null = null;
  let formula: { id: string; reader: LoadedFormulaReader } | null = null;
  let queue: Promise<void> = Promise.resolve();

  const recognizerFor = (language: OcrLanguage, progress: (p: OcrProgress) => void) => {
    if (loaded?.language !== language) {
      const previous = loaded?.recognizer;
      const next = (async () => {
        if (previous) await (await previous.catch(() => null))?.terminate();
        return deps.loadRecognizer(language, (p) => progress({ stage: 'loading', progress: p }));
      })();
      loaded = { language, recognizer: next };
      // A failed load must not stick: the next request tries again.
      next.catch(() => {
        if (loaded?.recognizer === next) loaded = null;
      });
    }
    return loaded.recognizer;
  };

  const formulaReaderFor = async (
    request: FormulaRequest,
    progress: (p: OcrProgress) => void,
  ): Promise<LoadedFormulaReader | null> => {
    if (formula?.id === request.model.id) return formula.reader;
    if (!deps.loadFormulaReader) return null;
    const reader = await deps.loadFormulaReader(request, (p) =>
      progress({ stage: 'formula-model', progress: p }),
    );
    if (!reader) return null;
    await formula?.reader.dispose().catch(() => {});
    formula = { id: request.model.id, reader };
    return reader;
  };

  /** The picture as the student gave it: drawn from strokes, or decoded, turned and cropped. */
  const picture = async (image: OcrImage, transform: ImageTransform | undefined) => {
    if (image.kind === 'strokes') {
      const rgba = renderSketch(image.strokes);
      if (!rgba) throw ocrError('no-text');
      return { rgba, width: rgba.width, height: rgba.height, notices: [] };
    }
    const decoded = await deps.decode(image);
    return { ...decoded, rgba: applyTransform(decoded.rgba, transform) };
  };

  const recognize = async (
    request: RecognizeRequest,
    progress: (p: OcrProgress) => void,
  ): Promise<OcrResult> => {
    const started = now();
    progress({ stage: 'decoding' });
    const decoded = await picture(request.image, request.transform);
    progress({ stage: 'loading' });
    const recognizer = await recognizerFor(request.language, progress);
    let reader: FormulaReader | null = null;
    let status: FormulaStatus = 'none';
    if (request.formula) {
      try {
        reader = await formulaReaderFor(request.formula, progress);
        if (!reader) status = 'not-downloaded';
      } catch {
        // Offline, not hosted, or broken: tesseract reads the formulas, as without a model.
        status = 'failed';
      }
    }
    progress({ stage: 'preparing' });
    let reads = 0;
    const counting: OcrRecognizer = {
      recognize(image, mode) {
        reads++;
        progress({ stage: 'reading', progress: Math.min(0.95, 1 - 1 / (reads + 1)) });
        return recognizer.recognize(image, mode);
      },
    };
    const formulas: FormulaReader | undefined = reader
      ? {
          read: (image) => {
            progress({ stage: 'formulas' });
            return reader.read(image);
          },
        }
      : undefined;
    const result = await runPipeline(decoded.rgba, counting, formulas ? { formulas } : {});
    if (result.formulaOutcome) {
      const { read, failed } = result.formulaOutcome;
      status = read > 0 || failed === 0 ? 'used' : 'failed';
    }
    const { width, height } = decoded.rgba;
    return {
      text: result.text,
      confidence: result.confidence,
      uncertain: result.uncertain,
      mathHeavy: result.math.mathHeavy,
      formulas: result.formulas,
      words: result.words.map((w) => ({
        start: w.start,
        end: w.end,
        box: toNorm(w.box, width, height),
        confidence: w.confidence,
      })),
      formulaCandidates: result.formulaCandidates,
      formulaStatus: result.formulaCandidates === 0 && status !== 'failed' ? 'none' : status,
      notices: decoded.notices,
      width: decoded.width,
      height: decoded.height,
      ms: Math.round(now() - started),
    };
  };

  const readFormula = async (
    request: ReadFormulaRequest,
    progress: (p: OcrProgress) => void,
  ): Promise<FormulaResult> => {
    const started = now();
    progress({ stage: 'decoding' });
    const decoded = await picture(request.image, request.transform);
    let reader: FormulaReader | null;
    try {
      reader = await formulaReaderFor({ ...request.formula, download: true }, progress);
    } catch (error) {
      throw new AppError('formula-unavailable', { details: describeError(error), cause: error });
    }
    if (!reader) throw new AppError('formula-unavailable');
    progress({ stage: 'formulas' });
    const box = toPixels(request.region, decoded.rgba.width, decoded.rgba.height);
    const reading = await readSelectedFormula(decoded.rgba, box, reader);
    return { ...reading, ms: Math.round(now() - started) };
  };

  /** One at a time, and anything that is not already a student-facing error becomes 'ocr-failed'. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const task = queue.then(work).catch((error: unknown) => {
      // A tesseract failure, a network error loading its files.
      throw error instanceof AppError ? error : ocrError('ocr-failed', describeError(error));
    });
    queue = task.then(
      () => {},
      () => {},
    );
    return task;
  };

  return serve<OcrCalls>(
    {
      recognize: (request, { progress }) => serial(() => recognize(request, progress)),
      readFormula: (request, { progress }) => serial(() => readFormula(request, progress)),
    },
    deps.post,
  );
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
