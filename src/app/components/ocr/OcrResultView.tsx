import { lazy, Suspense, useEffect, useState } from 'react';
import { AppError } from '../../../core/errors';
import type { ImageTransform, NormBox } from '../../../core/image/transform';
import type { OcrResult } from '../../../engines/ocr/protocol';
import { errorMessage, useTranslation } from '../../i18n';
import { formatBytes } from '../../solver/download';
import { PictureEditor } from './PictureEditor';
import type { FormulaModelState } from './useFormulaModel';

// KaTeX is most of the typeset view's weight: it loads with the first
// reading, not before the app is usable.
const TypesetProblem = lazy(() =>
  import('./TypesetProblem').then((m) => ({ default: m.TypesetProblem })),
);

export interface OcrResultViewProps {
  preview?: string;
  result?: OcrResult;
  /** The Problem box's text: what is typeset next to the picture. */
  problem: string;
  source?: 'photo' | 'sketch';
  transform: ImageTransform;
  busy: boolean;
  formula: FormulaModelState;
  /** Read the picture again, turned or cropped. */
  onTransform: (transform: ImageTransform) => void;
  /** Read a part of the picture (as shown) as one formula; null: the whole picture. */
  onReadFormula: (region: NormBox | null) => void;
  /** Download the formula reader and read the picture's formulas with it. */
  onReadFormulas: () => void;
}

/**
 * The region "Read from the picture": the picture (turned, cropped, with a
 * part selected) next to the Problem box typeset with KaTeX, so a student
 * compares the two symbol by symbol; the confidence, the parts to check, and
 * what the formula reader did or could do.
 */
export function OcrResultView(props: OcrResultViewProps) {
  const { preview, result, problem, source, transform, busy, formula } = props;
  const { t } = useTranslation();
  const size = formula.bytes ? formatBytes(formula.bytes) : t('ocr.sizeUnknown');
  const [selection, setSelection] = useState<NormBox | null>(null);
  // A new reading (or a new picture) starts without a selection.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a new result or preview only.
  useEffect(() => setSelection(null), [result, preview]);
  const offer =
    result?.formulaStatus === 'not-downloaded' && result.formulaCandidates > 0 && !formula.stored;
  const { measure } = formula;
  useEffect(() => {
    if (offer) measure();
  }, [offer, measure]);

  const photo = source === 'photo';
  const same = result !== undefined && problem === result.text;
  const turn = (by: 90 | 270) =>
    props.onTransform({ rotate: ((transform.rotate + by) % 360) as ImageTransform['rotate'] });
  const crop = transform.crop;

  return (
    <section className="ocr-result" aria-label={t('ocr.region')}>
      {preview && (
        <div className="ocr-picture">
          <PictureEditor
            src={preview}
            transform={transform}
            selection={selection}
            onSelect={setSelection}
            editable={photo && !busy}
          />
          <div className="picture-tools">
            {photo && (
              <>
                <button type="button" onClick={() => turn(270)} disabled={busy}>
                  {t('ocr.turnLeft')}
                </button>
                <button type="button" onClick={() => turn(90)} disabled={busy}>
                  {t('ocr.turnRight')}
                </button>
              </>
            )}
            {photo && selection && (
              <>
                <button
                  type="button"
                  onClick={() =>
                    props.onTransform({ rotate: transform.rotate, crop: compose(crop, selection) })
                  }
                  disabled={busy}
                >
                  {t('ocr.readPart')}
                </button>
                <button type="button" onClick={() => setSelection(null)} disabled={busy}>
                  {t('ocr.clearSelection')}
                </button>
              </>
            )}
            {photo && crop && !selection && (
              <button
                type="button"
                onClick={() => props.onTransform({ rotate: transform.rotate })}
                disabled={busy}
              >
                {t('ocr.wholePicture')}
              </button>
            )}
            {(selection || source === 'sketch') && formula.where && (
              <button
                type="button"
                className="primary"
                onClick={() => props.onReadFormula(selection)}
                disabled={busy}
              >
                {t('ocr.readFormula')}
              </button>
            )}
          </div>
          {(selection || source === 'sketch') && formula.where && !formula.stored && (
            <p className="note">{t('ocr.formulaDownloadNote', { size })}</p>
          )}
        </div>
      )}
      {result && (
        <div className="ocr-reading">
          <p className="ocr-label">{t('ocr.typesetLabel')}</p>
          <Suspense fallback={<p className="ocr-typeset">{problem}</p>}>
            <TypesetProblem
              problem={problem}
              uncertain={same ? result.uncertain : []}
              formulas={same ? result.formulas : []}
            />
          </Suspense>
          <p className="ocr-confidence">
            {t(same && result.uncertain.length > 0 ? 'ocr.confidenceCheck' : 'ocr.confidence', {
              percent: Math.round(result.confidence * 100),
            })}{' '}
            {t('ocr.inProblemBox')}
          </p>
          {!same && <p className="note">{t('ocr.changed')}</p>}
          {offer && (
            <p className="note formula-offer">
              {t('ocr.formulaOffer', { count: result.formulaCandidates, size })}{' '}
              <button type="button" onClick={props.onReadFormulas} disabled={busy}>
                {t('ocr.formulaOfferButton')}
              </button>
            </p>
          )}
          {result.formulaStatus === 'used' && <p className="note">{t('ocr.formulaUsed')}</p>}
          {result.formulaStatus === 'failed' && (
            <p className="note">{errorMessage(new AppError('formula-unavailable'))}</p>
          )}
          {result.mathHeavy && result.formulaStatus !== 'used' && (
            <p className="note ocr-math-note">{t('ocr.mathHeavy')}</p>
          )}
          {result.notices.map((notice) => (
            <p key={notice} className="note">
              {notice}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}

/** A selection on the cropped view, as a crop of the whole turned picture. */
function compose(crop: NormBox | undefined, selection: NormBox): NormBox {
  const c = crop ?? { x: 0, y: 0, width: 1, height: 1 };
  return {
    x: c.x + selection.x * c.width,
    y: c.y + selection.y * c.height,
    width: selection.width * c.width,
    height: selection.height * c.height,
  };
}
