import { forwardRef, lazy, Suspense } from 'react';
import { useTranslation } from '../i18n';

const TeX = lazy(() => import('./TeX').then((m) => ({ default: m.TeX })));

/**
 * The final answer: the raw text of the last \boxed{…}, typeset. Focusable
 * (not tabbable), so a finished solve can take the keyboard focus to it.
 */
export const AnswerCard = forwardRef<HTMLElement, { latex: string }>(function AnswerCard(
  { latex },
  ref,
) {
  const { t } = useTranslation();
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-label={t('solution.answer')}
      className="answer card"
      data-answer-latex={latex}
    >
      <h2>{t('solution.answer')}</h2>
      <Suspense fallback={<code>{latex}</code>}>
        <TeX latex={latex} display />
      </Suspense>
    </section>
  );
});
