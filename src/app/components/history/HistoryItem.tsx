import { lazy, memo, Suspense } from 'react';
import type { HistoryEntry } from '../../../core/history';
import { htmlLang, isLanguage } from '../../../core/language';
import { useTranslation } from '../../i18n';

// KaTeX stays out of the first load: the entries show their source until it arrives.
const MathText = lazy(() => import('./HistoryMath').then((m) => ({ default: m.MathText })));
const TeX = lazy(() => import('./HistoryMath').then((m) => ({ default: m.TeX })));

const formats = new Map<string, Intl.DateTimeFormat>();
/** Dates in the interface's language: a Chinese page shows Chinese dates. */
function dateFormat(language: string): Intl.DateTimeFormat {
  let format = formats.get(language);
  if (!format) {
    const locale = isLanguage(language) ? htmlLang(language) : undefined;
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    formats.set(language, format);
  }
  return format;
}

interface HistoryItemProps {
  entry: HistoryEntry;
  modelName: string;
  /** Hints mode is under way for this problem: its answer stays hidden here too. */
  hideAnswer?: boolean;
  onOpen: (entry: HistoryEntry) => void;
  onDelete: (entry: HistoryEntry) => void;
  /** The Open button, for moving the focus here after a deletion. */
  openRef: (id: string, element: HTMLButtonElement | null) => void;
}

export const HistoryItem = memo(function HistoryItem({
  entry,
  modelName,
  hideAnswer = false,
  onOpen,
  onDelete,
  openRef,
}: HistoryItemProps) {
  const { t, i18n } = useTranslation();
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
        <span className="visually-hidden">{t('history.open')}</span>
        <span className="history-problem" id={problemId}>
          <Suspense fallback={entry.problem}>
            <MathText text={entry.problem} />
          </Suspense>
        </span>
        {entry.answerLatex !== undefined && hideAnswer && (
          <span className="history-answer">{t('history.answerHidden')}</span>
        )}
        {entry.answerLatex !== undefined && !hideAnswer && (
          <span className="history-answer">
            <span className="history-label">{t('history.answer')}</span>
            <Suspense fallback={<code>{entry.answerLatex}</code>}>
              <TeX latex={entry.answerLatex} />
            </Suspense>
          </span>
        )}
      </button>
      <p className="history-meta" id={metaId}>
        {t(`history.${entry.source}`)} · {modelName} · {t(`pickers.${entry.help}`)} ·{' '}
        <time dateTime={new Date(entry.at).toISOString()}>
          {dateFormat(i18n.language).format(entry.at)}
        </time>
      </p>
      <button
        type="button"
        className="history-delete"
        aria-describedby={problemId}
        onClick={() => onDelete(entry)}
      >
        {t('history.delete')}
      </button>
    </li>
  );
});
