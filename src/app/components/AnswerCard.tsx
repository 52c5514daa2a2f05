import { lazy, Suspense } from 'react';

const TeX = lazy(() => import('./TeX').then((m) => ({ default: m.TeX })));

/** The final answer: the raw text of the last \boxed{…}, typeset. */
export function AnswerCard({ latex }: { latex: string }) {
  return (
    <section aria-label="Answer" className="answer" data-answer-latex={latex}>
      <h2>Answer</h2>
      <Suspense fallback={<code>{latex}</code>}>
        <TeX latex={latex} display />
      </Suspense>
    </section>
  );
}
