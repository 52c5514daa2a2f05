import { useState } from 'react';
import { useTranslation } from '../i18n';

type Verdict = { kind: 'correct' | 'wrong' | 'unknown' } | { kind: 'checking' } | undefined;

/**
 * The student types their own answer and checks it against the tutor's with
 * the same equivalence Qwen's evaluation uses (0.5 = \frac12, x=3 = 3, …).
 * The grader and compute-engine load on first use, not with the app.
 * Keyed by the answer in App, so a new solution starts with a fresh form.
 */
export function CheckAnswer({
  answerLatex,
  hints = false,
  onNotQuite,
}: {
  answerLatex: string;
  /** Hints mode: a wrong answer is pointed to the next hint, never to the answer. */
  hints?: boolean;
  onNotQuite?: () => void;
}) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [verdict, setVerdict] = useState<Verdict>();

  const check = async () => {
    if (!input.trim()) return;
    setVerdict({ kind: 'checking' });
    try {
      const { checkAnswer } = await import('../../core/answer/check');
      const { correct } = await checkAnswer(input, answerLatex);
      setVerdict({ kind: correct === true ? 'correct' : correct === false ? 'wrong' : 'unknown' });
      if (correct === false) onNotQuite?.();
    } catch {
      setVerdict({ kind: 'unknown' });
    }
  };

  return (
    <form
      className="check"
      onSubmit={(event) => {
        event.preventDefault();
        void check();
      }}
    >
      <label>
        {t('check.label')}
        <input
          type="text"
          value={input}
          placeholder={t('check.placeholder')}
          onChange={(event) => {
            setInput(event.target.value);
            setVerdict(undefined);
          }}
        />
      </label>
      <button
        type="submit"
        className="primary"
        disabled={!input.trim() || verdict?.kind === 'checking'}
      >
        {t('check.button')}
      </button>
      <output aria-label="Verdict" className={`verdict ${verdict?.kind ?? ''}`}>
        {verdict?.kind === 'checking' && t('check.checking')}
        {verdict?.kind === 'correct' && t('check.correct')}
        {verdict?.kind === 'wrong' && t(hints ? 'check.wrongHints' : 'check.wrong')}
        {verdict?.kind === 'unknown' && t('check.unknown')}
      </output>
    </form>
  );
}
