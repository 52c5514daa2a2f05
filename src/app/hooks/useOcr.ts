import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbortError } from '../../core/errors';
import type { OcrEngine, OcrLanguage, OcrResult, OcrStage } from '../../engines/ocr/protocol';

export interface OcrState {
  status: 'idle' | 'working' | 'done';
  stage?: OcrStage;
  /** 0–1 within the stage, when known. */
  progress?: number;
  result?: OcrResult;
  /** URL of the picture being read, for the thumbnail. */
  preview?: string;
}

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

/**
 * Reading images without knowing about workers: `recognize` resolves with the
 * result, or null when it was superseded or cancelled, and throws an
 * AppError (with a message for the student) when the image cannot be read.
 */
export function useOcr(language: OcrLanguage = 'eng') {
  const [state, setState] = useState<OcrState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const previewUrl = useRef<string | null>(null);

  const setPreview = useCallback((url: string | undefined, owned: boolean) => {
    if (previewUrl.current) URL.revokeObjectURL(previewUrl.current);
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

  const recognize = useCallback(
    async (image: Blob | ImageBitmap, preview?: string): Promise<OcrResult | null> => {
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      setState({ status: 'working', stage: 'decoding' });
      let shown = false;
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
          onProgress: ({ stage, progress }) => {
            if (mine.signal.aborted) return;
            show();
            setState((s) => ({ ...s, status: 'working', stage, progress }));
          },
        });
        if (mine.signal.aborted) return null;
        show();
        setState((s) => ({ ...s, status: 'done', stage: undefined, progress: undefined, result }));
        return result;
      } catch (error) {
        if (isAbortError(error) || mine.signal.aborted) return null;
        setState((s) => ({
          status: s.result ? 'done' : 'idle',
          result: s.result,
          preview: s.result ? s.preview : undefined,
        }));
        throw error;
      } finally {
        if (controller.current === mine) controller.current = null;
      }
    },
    [language, setPreview],
  );

  const cancel = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setState((s) => ({
      status: s.result ? 'done' : 'idle',
      result: s.result,
      preview: s.result ? s.preview : undefined,
    }));
  }, []);

  return { state, recognize, cancel };
}
