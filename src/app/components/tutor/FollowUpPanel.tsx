import { lazy, Suspense, useState } from 'react';
import type { FollowUp } from '../../hooks/useTutor';
import { useTranslation } from '../../i18n';
import { ErrorAlert } from '../ErrorAlert';

const MathMarkdown = lazy(() =>
  import('../MathMarkdown').then((m) => ({ default: m.MathMarkdown })),
);

/** Questions about this problem and its solution, answered in the same conversation. */
export function FollowUpPanel({
  followUps,
  disabled,
  onAsk,
  onDismissError,
}: {
  followUps: FollowUp[];
  disabled: boolean;
  onAsk: (question: string) => void;
  onDismissError: () => void;
}) {
  const { t } = useTranslation();
  const [question, setQuestion] = useState('');
  return (
    <div className="follow-up">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!question.trim() || disabled) return;
          onAsk(question);
          setQuestion('');
        }}
      >
        <label htmlFor="follow-up">{t('tutor.followUpLabel')}</label>
        <div className="follow-up-row">
          <input
            id="follow-up"
            type="text"
            value={question}
            placeholder={t('tutor.followUpPlaceholder')}
            onChange={(event) => setQuestion(event.target.value)}
          />
          <button type="submit" className="primary" disabled={disabled || !question.trim()}>
            {t('tutor.ask')}
          </button>
        </div>
      </form>
      {followUps.length > 0 && (
        <section
          aria-label={t('tutor.followUp')}
          className="follow-ups"
          aria-busy={followUps.some((f) => f.streaming)}
        >
          {followUps.map((f, i) => (
            // Turns are only appended, so their index is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <div key={i} className="turn">
              <p className="question">
                <strong>{t('tutor.you')}:</strong> {f.question}
              </p>
              <div className="reply">
                <Suspense fallback={<pre className="plain">{f.answer}</pre>}>
                  <MathMarkdown text={f.answer} streaming={f.streaming} />
                </Suspense>
              </div>
              {f.error && <ErrorAlert error={f.error} onDismiss={onDismissError} />}
            </div>
          ))}
        </section>
      )}
    </div>
  );
}
