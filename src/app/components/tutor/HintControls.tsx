import type { Ref } from 'react';
import { useTranslation } from '../../i18n';

/** Hints mode: one more step, or the answer, when the student asks. */
export function HintControls({
  revealed,
  complete,
  total,
  generating,
  nextRef,
  onNext,
  onShowAnswer,
}: {
  revealed: number;
  /** Steps that are finished and can be shown. */
  complete: number;
  total: number;
  generating: boolean;
  /** Focused when a checked answer was not quite right: the hint is the next thing to do. */
  nextRef?: Ref<HTMLButtonElement>;
  onNext: () => void;
  onShowAnswer: () => void;
}) {
  const { t } = useTranslation();
  const more = revealed < complete;
  const last = !generating && revealed >= total;
  return (
    <div className="hints">
      <p className="note" aria-live="polite">
        {revealed === 0 && more
          ? t('tutor.firstHint')
          : !more && generating
            ? t('tutor.hintWorking')
            : last
              ? t('tutor.noMoreHints')
              : t('tutor.hintProgress', { shown: revealed, total: generating ? '…' : total })}
      </p>
      <button type="button" className="primary" ref={nextRef} onClick={onNext} disabled={!more}>
        {t('tutor.nextHint')}
      </button>
      <button type="button" className="secondary" onClick={onShowAnswer}>
        {t('tutor.showAnswer')}
      </button>
    </div>
  );
}
