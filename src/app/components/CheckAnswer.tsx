import { useState } from 'react';

type Verdict = { kind: 'correct' | 'wrong' | 'unknown' } | { kind: 'checking' } | undefined;

/**
 * The student types their own answer and checks it against the tutor's with
 * the same equivalence Qwen's evaluation uses (0.5 = \frac12, x=3 = 3, …).
 * The grader and compute-engine load on first use, not with the app.
 * Keyed by the answer in App, so a new solution starts with a fresh form.
 */
export function CheckAnswer({ answerLatex }: { answerLatex: string }) {
  const [input, setInput] = useState('');
  const [verdict, setVerdict] = useState<Verdict>();

  const check = async () => {
    if (!input.trim()) return;
    setVerdict({ kind: 'checking' });
    try {
      const { checkAnswer } = await import('../../core/answer/check');
      const { correct } = await checkAnswer(input, answerLatex);
      setVerdict({ kind: correct === true ? 'correct' : correct === false ? 'wrong' : 'unknown' });
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
        Your answer
        <input
          type="text"
          value={input}
          placeholder="e.g. 3/4 or x = 2"
          onChange={(event) => {
            setInput(event.target.value);
            setVerdict(undefined);
          }}
        />
      </label>
      <button type="submit" disabled={!input.trim() || verdict?.kind === 'checking'}>
        Check answer
      </button>
      <output aria-label="Verdict" className={`verdict ${verdict?.kind ?? ''}`}>
        {verdict?.kind === 'checking' && 'Checking…'}
        {verdict?.kind === 'correct' && 'Correct: it matches the tutor’s answer.'}
        {verdict?.kind === 'wrong' &&
          'Not quite: it differs from the tutor’s answer. Compare with the steps above.'}
        {verdict?.kind === 'unknown' &&
          'Could not decide whether the two answers are equal. Compare them with the steps above.'}
      </output>
    </form>
  );
}
