import { lazy, Suspense } from 'react';
import type { Steps } from '../../core/steps';
import { useTranslation } from '../i18n';

// KaTeX and the markdown parser are most of the renderer's weight: they load
// on the first solve (or when the browser is idle), not before the app is usable.
const MathMarkdown = lazy(() =>
  import('./MathMarkdown').then((m) => ({ default: m.MathMarkdown })),
);
export const preloadRenderer = () => import('./MathMarkdown');

interface SolutionViewProps {
  text: string;
  streaming: boolean;
  steps: Steps;
  /** Hints mode: only this many steps are shown, and the text never streams in view. */
  revealed?: number;
  /** Explaining is possible now (no other generation running). */
  canExplain: boolean;
  onExplain: (step: number, text: string) => void;
}

/**
 * The solution: streamed as it is written, then settled into its steps, each
 * with "Explain step N". In Hints mode only the steps revealed so far.
 */
export function SolutionView(props: SolutionViewProps) {
  const { text, streaming, steps, revealed } = props;
  const { t } = useTranslation();
  const hints = revealed !== undefined;
  const shown = hints ? steps.steps.slice(0, revealed) : steps.steps;
  const asSteps = hints || (!streaming && steps.steps.length > 0);
  return (
    <section aria-label={t('solution.title')} className="solution" aria-busy={streaming}>
      <Suspense fallback={<pre className="plain">{asSteps ? shown.join('\n\n') : text}</pre>}>
        {asSteps ? (
          shown.length > 0 && (
            <ol aria-label={t('tutor.steps')} className="steps">
              {shown.map((step, i) => (
                // Steps of one solution only grow, so their index is their identity.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <li key={i}>
                  <MathMarkdown text={step} streaming={false} />
                  <button
                    type="button"
                    className="link explain"
                    disabled={!props.canExplain}
                    onClick={() => props.onExplain(i + 1, step)}
                  >
                    {t('tutor.explain', { step: i + 1 })}
                  </button>
                </li>
              ))}
            </ol>
          )
        ) : (
          <MathMarkdown text={text} streaming={streaming} />
        )}
      </Suspense>
    </section>
  );
}
