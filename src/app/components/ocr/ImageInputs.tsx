import { useCallback, useEffect, useRef, useState } from 'react';
import { AppError } from '../../../core/errors';
import type { ImageTransform, NormBox } from '../../../core/image/transform';
import { ocrError } from '../../../core/ocr/errors';
import { spliceFormula } from '../../../core/ocr/splice';
import type { OcrInput, OcrLanguage, OcrResult } from '../../../engines/ocr/protocol';
import { useOcr } from '../../hooks/useOcr';
import { errorMessage, type TFunction, useTranslation } from '../../i18n';
import { OcrResultView } from './OcrResultView';
import { SketchPad } from './SketchPad';
import { useFormulaModel } from './useFormulaModel';
import './ocr.css';

export interface ImageInputsProps {
  /**
   * Recognised text for the Problem box (the student edits it before
   * solving), and whether it came from a photo or the sketch pad.
   */
  onRecognized: (text: string, source: PictureSource) => void;
  /** Shown as an alert; the Problem box is left untouched. */
  onError: (message: string) => void;
  /**
   * The Problem box's text, typeset next to the picture; editing the box
   * updates it. Without it, the last reading is shown.
   */
  problem?: string;
  disabled?: boolean;
  /** Language data to read with: 'chi_sim' reads Chinese (and English). */
  language?: OcrLanguage;
}

function messageOf(error: unknown, t: TFunction): string {
  if (error instanceof AppError) return errorMessage(error);
  return t('ocr.failed');
}

export type PictureSource = 'photo' | 'sketch';

const sourceOf = (input: OcrInput): PictureSource => ('strokes' in input ? 'sketch' : 'photo');

const WHOLE: NormBox = { x: 0, y: 0, width: 1, height: 1 };

/** First image among dropped or pasted files; a non-image file is reported, not ignored. */
function pickImage(files: FileList | File[]): File | 'not-image' | null {
  const list = [...files];
  if (list.length === 0) return null;
  return list.find((f) => f.type.startsWith('image/') || f.type === '') ?? 'not-image';
}

/**
 * Every way a problem arrives as a picture: a photo (file or camera), a
 * pasted screenshot, a dropped file, or a drawing. Each goes through the same
 * OCR worker; the text lands in the Problem box via onRecognized.
 */
export function ImageInputs({
  onRecognized,
  onError,
  problem,
  disabled,
  language = 'eng',
}: ImageInputsProps) {
  const { state, recognize, reread, readFormula, cancel } = useOcr(language);
  const formula = useFormulaModel();
  const { t } = useTranslation();
  const [drawing, setDrawing] = useState(false);
  const [lastText, setLastText] = useState('');
  const shownProblem = problem ?? lastText;
  const [dragging, setDragging] = useState(false);
  const [touch] = useState(
    () => typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches,
  );

  const deliver = useCallback(
    (value: string, source: PictureSource) => {
      setLastText(value);
      onRecognized(value, source);
    },
    [onRecognized],
  );

  const settle = useCallback(
    async (reading: Promise<OcrResult | null>, source: PictureSource) => {
      try {
        const result = await reading;
        if (result) deliver(result.text, source);
        if (result?.formulaStatus === 'used') formula.refresh();
      } catch (error) {
        onError(messageOf(error, t));
      }
    },
    [deliver, onError, formula.refresh, t],
  );

  // Formulas are read by the formula model only when it is already on this
  // device; otherwise the result offers it (with its size) when it would help.
  const formulaRequest = useCallback(
    (download: boolean) => (formula.where ? { ...formula.where, download } : undefined),
    [formula.where],
  );

  const run = useCallback(
    (input: OcrInput, preview?: string) => {
      const request = formulaRequest(false);
      void settle(
        recognize({
          input,
          ...(preview ? { preview } : {}),
          ...(request ? { formula: request } : {}),
        }),
        sourceOf(input),
      );
    },
    [recognize, settle, formulaRequest],
  );

  // The picture read again (turned, cropped, with formulas) is the one read last.
  const shownSource: PictureSource = state.source ?? 'photo';

  const onTransform = useCallback(
    (transform: ImageTransform) =>
      void settle(reread(transform, formulaRequest(false)), shownSource),
    [reread, settle, formulaRequest, shownSource],
  );

  const onReadFormulas = useCallback(
    () => void settle(reread(state.transform, formulaRequest(true)), shownSource),
    [reread, settle, formulaRequest, state.transform, shownSource],
  );

  const onReadFormula = useCallback(
    async (region: NormBox | null) => {
      const request = formulaRequest(true);
      if (!request) return;
      try {
        const read = await readFormula(region ?? WHOLE, request);
        formula.refresh();
        if (!read) return;
        const result = state.result;
        deliver(
          spliceFormula(
            shownProblem,
            result?.text ?? '',
            region ? (result?.words ?? []) : [],
            region ?? WHOLE,
            read.latex,
          ),
          shownSource,
        );
      } catch (error) {
        onError(messageOf(error, t));
      }
    },
    [
      formulaRequest,
      readFormula,
      formula.refresh,
      state.result,
      shownProblem,
      shownSource,
      deliver,
      onError,
      t,
    ],
  );

  const take = useCallback(
    (files: FileList | File[] | null | undefined) => {
      if (!files || disabled) return;
      const file = pickImage(files);
      if (file === 'not-image') onError(ocrError('not-image').message);
      else if (file) void run(file);
    },
    [disabled, onError, run],
  );

  // Paste anywhere on the page; drops anywhere are caught too, so a file that
  // misses the drop zone does not make the browser navigate away (and lose
  // the problem typed so far).
  const takeRef = useRef(take);
  takeRef.current = take;
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const files = event.clipboardData?.files;
      if (!files || files.length === 0) return;
      const hasText = (event.clipboardData?.getData('text/plain') ?? '') !== '';
      if (pickImage(files) === 'not-image' && hasText) return;
      event.preventDefault();
      takeRef.current(files);
    };
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      takeRef.current(event.dataTransfer?.files);
    };
    document.addEventListener('paste', onPaste);
    document.addEventListener('dragover', onDragOver);
    document.addEventListener('drop', onDrop);
    return () => {
      document.removeEventListener('paste', onPaste);
      document.removeEventListener('dragover', onDragOver);
      document.removeEventListener('drop', onDrop);
    };
  }, []);

  const working = state.status === 'working';
  return (
    <section className="image-inputs">
      <fieldset
        aria-label={t('ocr.fromPicture')}
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        onDragEnter={(event) => {
          if (event.dataTransfer.types.includes('Files')) setDragging(true);
        }}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        }}
      >
        <label className={`file-button${disabled ? ' disabled' : ''}`}>
          {t('ocr.upload')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            disabled={disabled}
            onChange={(event) => {
              take(event.currentTarget.files);
              // Choosing the same file again must fire change again.
              event.currentTarget.value = '';
            }}
          />
        </label>
        {touch && (
          // capture="environment" opens the camera straight away on phones; this one opens the gallery.
          <label className={`file-button secondary${disabled ? ' disabled' : ''}`}>
            {t('ocr.gallery')}
            <input
              type="file"
              accept="image/*"
              disabled={disabled}
              onChange={(event) => {
                take(event.currentTarget.files);
                event.currentTarget.value = '';
              }}
            />
          </label>
        )}
        <button
          type="button"
          aria-pressed={drawing}
          onClick={() => setDrawing((d) => !d)}
          disabled={disabled}
        >
          {t('ocr.draw')}
        </button>
        <span className="drop-hint">{t('ocr.dropHint')}</span>
      </fieldset>
      {drawing && (
        <SketchPad
          disabled={disabled || working}
          onRecognize={(strokes, preview) => run({ strokes }, preview)}
        />
      )}
      {working && (
        <div className="ocr-progress">
          <progress
            aria-label={t('ocr.reading')}
            max={1}
            {...(state.progress !== undefined ? { value: state.progress } : {})}
          />
          <span role="status">{state.stage ? t(`ocr.stages.${state.stage}`) : ''}</span>
          <button type="button" onClick={cancel}>
            {t('ocr.cancel')}
          </button>
        </div>
      )}
      {(state.preview || state.result) && (
        <OcrResultView
          preview={state.preview}
          result={state.result}
          problem={shownProblem}
          {...(state.source ? { source: state.source } : {})}
          transform={state.transform}
          busy={working || disabled === true}
          formula={formula}
          onTransform={onTransform}
          onReadFormula={(region) => void onReadFormula(region)}
          onReadFormulas={onReadFormulas}
        />
      )}
    </section>
  );
}
