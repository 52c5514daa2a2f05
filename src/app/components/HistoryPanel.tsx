import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { type AppError, toAppError } from '../../core/errors';
import type { HistoryEntry } from '../../core/history';
import type { HistoryApi } from '../history/useHistory';
import { useTranslation } from '../i18n';
import { ErrorAlert } from './ErrorAlert';
import { ClearHistoryDialog } from './history/ClearHistoryDialog';
import { HistoryItem } from './history/HistoryItem';
import { importSummary } from './history/summary';
import './history/history.css';

interface HistoryPanelProps {
  history: HistoryApi;
  /** The name shown for a model id (the Model list's); unknown ids show as they are. */
  modelName?: (id: string) => string | undefined;
  /** The entry whose answer the student has not asked for yet (Hints mode). */
  hiddenAnswerId?: string | undefined;
  /** Shows the entry's solution again (in the Solution and Answer regions). */
  onOpen: (entry: HistoryEntry) => void;
}

/** Entries typeset at a time: 500 entries of KaTeX at once would stall a phone. */
const PAGE = 20;

export function HistoryPanel({ history, modelName, hiddenAnswerId, onOpen }: HistoryPanelProps) {
  const { t } = useTranslation();
  const { entries, search } = history;
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const matches = useMemo(() => search(deferredQuery), [search, deferredQuery]);
  const [shown, setShown] = useState(PAGE);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<AppError>();
  const [confirming, setConfirming] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);

  // After a deletion the focus goes to the entry that took its place, not to <body>.
  const openButtons = useRef(new Map<string, HTMLButtonElement>());
  const focusAfter = useRef<{ removed: string; next: string | undefined }>(undefined);
  const openRef = useCallback((id: string, element: HTMLButtonElement | null) => {
    if (element) openButtons.current.set(id, element);
    else openButtons.current.delete(id);
  }, []);
  useEffect(() => {
    const pending = focusAfter.current;
    if (pending === undefined || matches.some((e) => e.id === pending.removed)) return;
    focusAfter.current = undefined;
    const next = pending.next === undefined ? undefined : openButtons.current.get(pending.next);
    (next ?? searchBox.current ?? heading.current)?.focus();
  }, [matches]);

  // Read when a Delete is pressed, so that `remove` stays one function and unchanged entries do not re-render.
  const shownMatches = useRef(matches);
  shownMatches.current = matches;
  const fail = useCallback((e: unknown) => setError(toAppError(e, 'internal')), []);
  const { remove: removeEntry } = history;
  const remove = useCallback(
    (entry: HistoryEntry) => {
      const list = shownMatches.current;
      const at = list.indexOf(entry);
      focusAfter.current = { removed: entry.id, next: (list[at + 1] ?? list[at - 1])?.id };
      setError(undefined);
      removeEntry(entry.id).catch(fail);
    },
    [removeEntry, fail],
  );

  const importFile = async (file: File) => {
    setError(undefined);
    setStatus('');
    try {
      setStatus(importSummary(t, await history.importFile(file)));
    } catch (e) {
      fail(e);
    }
  };

  const clear = async () => {
    setConfirming(false);
    setError(undefined);
    setStatus('');
    try {
      await history.clear();
      setQuery('');
      heading.current?.focus();
    } catch (e) {
      fail(e);
    }
  };

  const name = (id: string) => modelName?.(id) ?? (id || t('history.unknownModel'));
  const searching = deferredQuery.trim() !== '';
  const empty = history.ready && entries.length === 0;
  return (
    <section aria-labelledby="history-heading" className="history">
      <h2 id="history-heading" ref={heading} tabIndex={-1}>
        {t('history.title')}
      </h2>
      {entries.length > 0 && (
        <label className="history-search">
          <span className="visually-hidden">{t('history.search')}</span>
          <input
            ref={searchBox}
            type="text"
            enterKeyHint="search"
            placeholder={t('history.searchPlaceholder')}
            value={query}
            onChange={(event) => {
              setQuery(event.currentTarget.value);
              setShown(PAGE);
            }}
          />
        </label>
      )}
      {empty && history.persistent && <p className="note">{t('history.empty')}</p>}
      {history.ready && !history.persistent && <p className="note">{t('history.visitOnly')}</p>}
      {searching && (
        <p className="note">
          {matches.length === 0
            ? t('history.noMatch')
            : t('history.matches', { count: matches.length, total: entries.length })}
        </p>
      )}
      {matches.length > 0 && (
        <ul className="history-list">
          {matches.slice(0, shown).map((entry) => (
            <HistoryItem
              key={entry.id}
              entry={entry}
              modelName={name(entry.modelId)}
              hideAnswer={entry.id === hiddenAnswerId}
              onOpen={onOpen}
              onDelete={remove}
              openRef={openRef}
            />
          ))}
        </ul>
      )}
      {matches.length > shown && (
        <button type="button" className="history-more" onClick={() => setShown((n) => n + PAGE)}>
          {t('history.showMore', { count: Math.min(PAGE, matches.length - shown) })}
        </button>
      )}
      <div className="history-tools">
        {entries.length > 0 && (
          <button type="button" onClick={history.exportFile}>
            {t('history.export')}
          </button>
        )}
        <label className="history-import">
          {t('history.import')}
          <input
            type="file"
            accept=".json,application/json"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              // Choosing the same file again must fire change again.
              event.currentTarget.value = '';
              if (file) void importFile(file);
            }}
          />
        </label>
        {entries.length > 0 && (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {t('history.clear')}
          </button>
        )}
      </div>
      <p role="status" className="note history-status">
        {status}
      </p>
      {error && <ErrorAlert error={error} onDismiss={() => setError(undefined)} />}
      {confirming && (
        <ClearHistoryDialog
          count={entries.length}
          onConfirm={() => void clear()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
