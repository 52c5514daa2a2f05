import { lazy, Suspense } from 'react';

// KaTeX and the markdown parser are most of the renderer's weight: they load
// on the first solve (or when the browser is idle), not before the app is usable.
const MathMarkdown = lazy(() =>
  import('./MathMarkdown').then((m) => ({ default: m.MathMarkdown })),
);
export const preloadRenderer = () => import('./MathMarkdown');

export function SolutionView({ text, streaming }: { text: string; streaming: boolean }) {
  return (
    <section aria-label="Solution" className="solution" aria-busy={streaming}>
      <Suspense fallback={<pre className="plain">{text}</pre>}>
        <MathMarkdown text={text} streaming={streaming} />
      </Suspense>
    </section>
  );
}
