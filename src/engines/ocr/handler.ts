import { AppError } from '../../core/errors';
import type { RgbaImage } from '../../core/image/types';
import { ocrError } from '../../core/ocr/errors';
import { runPipeline } from '../../core/ocr/pipeline';
import type { OcrRecognizer } from '../../core/ocr/types';
import { type MessageHandler, serve } from '../rpc/serve';
import type {
  OcrCalls,
  OcrImage,
  OcrLanguage,
  OcrProgress,
  OcrReply,
  OcrResult,
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

/** What the handler needs from its environment; the worker passes real ones, tests fakes. */
export interface OcrHandlerDeps {
  post(reply: OcrReply): void;
  decode(image: OcrImage): Promise<DecodedImage>;
  loadRecognizer(
    language: OcrLanguage,
    onProgress: (progress: number) => void,
  ): Promise<LoadedRecognizer>;
  now?: () => number;
}

/**
 * The worker's logic, free of `self`: takes requests, replies with progress,
 * a result or an error. Tesseract is loaded on the first request and kept for
 * the next; requests run one at a time because tesseract has one thread.
 */
export function createOcrHandler(deps: OcrHandlerDeps): MessageHandler<OcrCalls> {
  const now = deps.now ?? (() => performance.now());
  let loaded: { language: OcrLanguage; recognizer: Promise<LoadedRecognizer> } | null = null;
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

  const recognize = async (
    request: RecognizeRequest,
    progress: (p: OcrProgress) => void,
  ): Promise<OcrResult> => {
    const started = now();
    try {
      progress({ stage: 'decoding' });
      const decoded = await deps.decode(request.image);
      progress({ stage: 'loading' });
      const recognizer = await recognizerFor(request.language, progress);
      progress({ stage: 'preparing' });
      let reads = 0;
      const counting: OcrRecognizer = {
        recognize(image, mode) {
          reads++;
          progress({ stage: 'reading', progress: Math.min(0.95, 1 - 1 / (reads + 1)) });
          return recognizer.recognize(image, mode);
        },
      };
      const result = await runPipeline(decoded.rgba, counting);
      return {
        text: result.text,
        confidence: result.confidence,
        uncertain: result.uncertain,
        mathHeavy: result.math.mathHeavy,
        notices: decoded.notices,
        width: decoded.width,
        height: decoded.height,
        ms: Math.round(now() - started),
      };
    } catch (error) {
      // Anything that is not already a student-facing error (a tesseract
      // failure, a network error loading its files) becomes an 'ocr-failed' one.
      throw error instanceof AppError ? error : ocrError('ocr-failed', describeError(error));
    }
  };

  return serve<OcrCalls>(
    {
      recognize: (request, { progress }) => {
        const task = queue.then(() => recognize(request, progress));
        queue = task.then(
          () => {},
          () => {},
        );
        return task;
      },
    },
    deps.post,
  );
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
