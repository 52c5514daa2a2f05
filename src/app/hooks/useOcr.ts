import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbortError } from '../../core/errors';
import type { ImageTransform, NormBox } from '../../core/image/transform';
import type {
  FormulaRequest,
  FormulaResult,
  OcrEngine,
  OcrInput,
  OcrLanguage,
  OcrResult,
  OcrStage,
} from '../../engines/ocr/protocol';

export interface OcrState {
  status: 'idle' | 'working' | 'done';
  stage?: OcrStage;
  /** 0–1 within the stage, when known. */
  progress?: number;
  result?: OcrResult;
  /** URL of the picture being read, for the thumbnail. */
  preview?: string;
  /** A photo (can be turned, cropped and re-read) or a sketch. */
  source?: 'photo' | 'sketch';
  /** What the student did to the photo before this reading. */
  transform: ImageTransform;
}

const NONE: ImageTransform = { rotate: 0 };

/**
 * One engine for the whole page, created on first use. The client module
 * (and with it the worker and tesseract.js) is imported lazily, so none of
 * it weighs on the first load.
 */
let shared: Promise<OcrEngine> | null = null;
function engine(): Promise<OcrEngine> {
  shared ??= import('../../engines/ocr/client').then(({ OcrClient }) => new OcrClient());
  return shared;
}

export interface RecognizeInput {
  input: OcrInput;
  preview?: string;
  transform?: ImageTransform;
  formula?: FormulaRequest;
}

/**
 * Reading images without knowing about workers: `recognize` resolves with the
 * result, or null when it was superseded or cancelled, and throws an
 * AppError (with a message for the student) when the image cannot be read.
 * The picture is kept, so it can be read again turned or cropped
 * (`reread`), and a part of it read as a formula (`readFormula`).
 */
export function useOcr(language: OcrLanguage = 'eng') {
  const [state, setState] = useState<OcrState>({ status: 'idle', transform: NONE });
  const controller = useRef<AbortController | null>(null);
  const previewUrl = useRef<string | null>(null);
  /** The picture as the student gave it: a Blob or strokes can be sent again. */
  const input = useRef<OcrInput | null>(null);

  const setPreview = useCallback((url: string | undefined, owned: boolean) => {
    if (previewUrl.current && previewUrl.current !== url) URL.revokeObjectURL(previewUrl.current);
    previewUrl.current = owned && url ? url : null;
    setState((s) => ({ ...s, preview: url }));
  }, []);

  useEffect(
    () => () => {
      controller.current?.abort();
      if (previewUrl.current) URL.revokeObjectURL(previewUrl.current);
    },
    [],
  );

  const run = useCallback(
    async (request: RecognizeInput, fresh: boolean): Promise<OcrResult | null> => {
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      const { input: image, preview } = request;
      const transform = request.transform ?? NONE;
      const source = 'strokes' in image ? 'sketch' : 'photo';
      setState((s) => ({
        ...(fresh ? { transform } : s),
        status: 'working',
        stage: 'decoding',
        transform,
        source,
        ...(fresh ? {} : { preview: s.preview, result: s.result }),
      }));
      let shown = !fresh;
      // The thumbnail appears once the file has passed the byte checks (the
      // worker reports progress), so an SVG or a non-image is never rendered.
      const show = () => {
        if (shown) return;
        shown = true;
        if (preview) setPreview(preview, false);
        else if (image instanceof Blob) setPreview(URL.createObjectURL(image), true);
      };
      try {
        const result = await (await engine()).recognize(image, {
          signal: mine.signal,
          language,
          transform,
          ...(request.formula ? { formula: request.formula } : {}),
          onProgress: ({ stage, progress }) => {
            if (mine.signal.aborted) return;
            show();
            setState((s) => ({ ...s, status: 'working', stage, progress }));
          },
        });
        if (mine.signal.aborted) return null;
        show();
        if (fresh) input.current = image;
        setState((s) => ({ ...s, status: 'done', stage: undefined, progress: undefined, result }));
        return result;
      } catch (error) {
        if (isAbortError(error) || mine.signal.aborted) return null;
        setState((s) => ({
          status: s.result ? 'done' : 'idle',
          result: s.result,
          preview: s.result ? s.preview : undefined,
          source: s.result ? s.source : undefined,
          transform: s.result ? s.transform : NONE,
        }));
        throw error;
      } finally {
        if (controller.current === mine) controller.current = null;
      }
    },
    [language, setPreview],
  );

  /** A new picture. */
  const recognize = useCallback((request: RecognizeInput) => run(request, true), [run]);

  /** The same picture again: turned, cropped, or with the formula model. */
  const reread = useCallback(
    async (transform: ImageTransform, formula?: FormulaRequest): Promise<OcrResult | null> => {
      const image = input.current;
      if (!image) return null;
      return run({ input: image, transform, ...(formula ? { formula } : {}) }, false);
    },
    [run],
  );

  /** A part of the picture (as shown, after turning and cropping) read as one formula. */
  const readFormula = useCallback(
    async (region: NormBox, formula: FormulaRequest): Promise<FormulaResult | null> => {
      const image = input.current;
      if (!image) return null;
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      setState((s) => ({ ...s, status: 'working', stage: 'formulas', progress: undefined }));
      try {
        const result = await (await engine()).readFormula(image, region, formula, {
          signal: mine.signal,
          transform: state.transform,
          onProgress: ({ stage, progress }) => {
            if (!mine.signal.aborted) setState((s) => ({ ...s, stage, progress }));
          },
        });
        return mine.signal.aborted ? null : result;
      } catch (error) {
        if (isAbortError(error) || mine.signal.aborted) return null;
        throw error;
      } finally {
        if (controller.current === mine) controller.current = null;
        if (!mine.signal.aborted)
          setState((s) => ({ ...s, status: s.result ? 'done' : 'idle', stage: undefined }));
      }
    },
    [state.transform],
  );

  const cancel = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setState((s) => ({
      status: s.result ? 'done' : 'idle',
      result: s.result,
      preview: s.result ? s.preview : undefined,
      source: s.result ? s.source : undefined,
      transform: s.result ? s.transform : NONE,
    }));
  }, []);

  return { state, recognize, reread, readFormula, cancel };
}
