import { lazy, Suspense } from 'react';
import { useTranslation } from '../i18n';

const TeX = lazy(() => import('./TeX').then((m) => ({ default: m.TeX })));

/** The final answer: the raw text of the last \boxed{…}, typeset. */
export function AnswerCard({ latex }: { latex: string }) {
  const { t } = useTranslation();
  return (
    <section aria-label={t('solution.answer')} className="answer" data-answer-latex={latex}>
      <h2>{t('solution.answer')}</h2>
      <Suspense fallback={<code>{latex}</code>}>
        <TeX latex={latex} display />
      </Suspense>
    </section>
  );
}
