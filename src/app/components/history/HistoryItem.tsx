import { lazy, memo, Suspense } from 'react';
import type { HelpMode, HistoryEntry, ProblemSource } from '../../../core/history';

// KaTeX stays out of the first load: the entries show their source until it arrives.
const MathText = lazy(() => import('./HistoryMath').then((m) => ({ default: m.MathText })));
const TeX = lazy(() => import('./HistoryMath').then((m) => ({ default: m.TeX })));

const SOURCE: Record<ProblemSource, string> = { typed: 'Typed', photo: 'Photo', sketch: 'Sketch' };
const HELP: Record<HelpMode, string> = { full: 'Full solution', hints: 'Hints' };
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface HistoryItemProps {
  entry: HistoryEntry;
  modelName: string;
  onOpen: (entry: HistoryEntry) => void;
  onDelete: (entry: HistoryEntry) => void;
  /** The Open button, for moving the focus here after a deletion. */
  openRef: (id: string, element: HTMLButtonElement | null) => void;
}

export const HistoryItem = memo(function HistoryItem({
  entry,
  modelName,
  onOpen,
  onDelete,
  openRef,
}: HistoryItemProps) {
  const problemId = `history-problem-${entry.id}`;
  const metaId = `history-meta-${entry.id}`;
  return (
    <li className="history-entry">
      <button
        type="button"
        className="history-open"
        ref={(element) => openRef(entry.id, element)}
        onClick={() => onOpen(entry)}
        aria-describedby={metaId}
      >
        <span className="visually-hidden">Open: </span>
        <span className="history-problem" id={problemId}>
          <Suspense fallback={entry.problem}>
            <MathText text={entry.problem} />
          </Suspense>
        </span>
        {entry.answerLatex !== undefined && (
          <span className="history-answer">
            <span className="history-label">Answer: </span>
            <Suspense fallback={<code>{entry.answerLatex}</code>}>
              <TeX latex={entry.answerLatex} />
            </Suspense>
          </span>
        )}
      </button>
      <p className="history-meta" id={metaId}>
        {SOURCE[entry.source]} · {modelName} · {HELP[entry.help]} ·{' '}
        <time dateTime={new Date(entry.at).toISOString()}>{when.format(entry.at)}</time>
      </p>
      <button
        type="button"
        className="history-delete"
        aria-describedby={problemId}
        onClick={() => onDelete(entry)}
      >
        Delete
      </button>
    </li>
  );
});
