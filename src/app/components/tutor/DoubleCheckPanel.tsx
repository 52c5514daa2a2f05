import { lazy, Suspense, useState } from 'react';
import type { Agreement } from '../../../core/answer/agreement';
import { DEFAULT_SAMPLES, type DoubleCheck, MAX_SAMPLES } from '../../hooks/useTutor';
import { type TFunction, useTranslation } from '../../i18n';
import { ErrorAlert } from '../ErrorAlert';

const MathMarkdown = lazy(() =>
  import('../MathMarkdown').then((m) => ({ default: m.MathMarkdown })),
);

/** Self-consistency: more solutions, sampled; how many agree with the answer shown. */
export function DoubleCheckPanel({
  check,
  disabled,
  onCheck,
  onDismissError,
}: {
  check: DoubleCheck | undefined;
  disabled: boolean;
  onCheck: (samples: number) => void;
  onDismissError: () => void;
}) {
  const { t } = useTranslation();
  const [samples, setSamples] = useState(DEFAULT_SAMPLES);
  return (
    <div className="double-check">
      <div className="double-check-row">
        <button
          type="button"
          className="secondary"
          disabled={disabled}
          onClick={() => onCheck(samples)}
        >
          {t('tutor.doubleCheck')}
        </button>
        <label>
          {t('tutor.samples')}
          <select
            value={samples}
            disabled={disabled}
            onChange={(event) => setSamples(Number(event.target.value))}
          >
            {Array.from({ length: MAX_SAMPLES - 1 }, (_, i) => i + 2).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {check && (
        <output aria-label={t('tutor.agreement')} className="agreement">
          {check.running
            ? t('tutor.sampling', {
                done: Math.min((check.finished ?? check.samples.length) + 1, check.wanted),
                total: check.wanted,
              })
            : check.agreement
              ? agreementText(check.agreement, t)
              : !check.error && t('tutor.stopped')}
        </output>
      )}
      {check?.error && <ErrorAlert error={check.error} onDismiss={onDismissError} />}
      {check && check.samples.length > 0 && (
        <ol className="samples">
          {check.samples.map((text, i) => {
            const answer = check.agreement?.answers[i + 1];
            const n = i + 2;
            return (
              // Samples are only appended, so their index is their identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={i}>
                <details>
                  <summary>
                    {answer === undefined
                      ? t('tutor.sample', { n })
                      : answer
                        ? t('tutor.sampleAnswer', { n, answer })
                        : t('tutor.sampleNoAnswer', { n })}
                  </summary>
                  <Suspense fallback={<pre className="plain">{text}</pre>}>
                    <MathMarkdown text={text} streaming={false} />
                  </Suspense>
                </details>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

export function agreementText(a: Agreement, t: TFunction): string {
  if (a.agree === 0) return t('tutor.noAnswerAgree', { total: a.total });
  if (a.majority) {
    return t('tutor.majorityDiffers', {
      agree: a.agree,
      total: a.total,
      count: a.majority.count,
      answer: a.majority.answer,
    });
  }
  if (a.agree === a.total) return t('tutor.allAgree', { agree: a.agree, total: a.total });
  return t('tutor.someAgree', { agree: a.agree, total: a.total, others: a.others.join(', ') });
}
