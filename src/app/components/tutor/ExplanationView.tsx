import { lazy, Suspense } from 'react';
import type { Explanation } from '../../hooks/useTutor';
import { useTranslation } from '../../i18n';
import { ErrorAlert } from '../ErrorAlert';

const MathMarkdown = lazy(() =>
  import('../MathMarkdown').then((m) => ({ default: m.MathMarkdown })),
);

/** "Explain step N": the reply, streamed and typeset like the solution. */
export function ExplanationView({
  explanation,
  onDismissError,
}: {
  explanation: Explanation;
  onDismissError: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section
      aria-label={t('tutor.explanation')}
      className="explanation"
      aria-busy={explanation.streaming}
    >
      <h2>{t('tutor.explanationOf', { step: explanation.step })}</h2>
      <Suspense fallback={<pre className="plain">{explanation.text}</pre>}>
        <MathMarkdown text={explanation.text} streaming={explanation.streaming} />
      </Suspense>
      {explanation.error && <ErrorAlert error={explanation.error} onDismiss={onDismissError} />}
    </section>
  );
}
