import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AppError, toAppError } from '../../core/errors';
import {
  type HistoryEntry,
  historyFileName,
  MAX_FILE_BYTES,
  type NewHistoryEntry,
  parseHistoryFile,
  searchEntries,
  serializeHistoryFile,
} from '../../core/history';
import { openHistoryStore } from './idb-store';
import type { HistoryStore, ImportCounts } from './types';

export interface HistoryApi {
  /** Newest first; empty until the store has been read (`ready`). */
  readonly entries: HistoryEntry[];
  readonly ready: boolean;
  /** False when this browser keeps nothing: the history lasts this visit. */
  readonly persistent: boolean;
  /** Saves a solved problem; `id` and `at` default to a new UUID and now. */
  add(entry: NewHistoryEntry): Promise<HistoryEntry>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  /** The entries matching `query` (case- and accent-insensitive), newest first. */
  search(query: string): HistoryEntry[];
  /** Downloads the whole history as a JSON file (docs/history.md). */
  exportFile(): void;
  /** Adds the entries of an exported file; rejects with AppError('history-invalid') and changes nothing when the file is not one. */
  importFile(file: Blob): Promise<ImportCounts>;
}

/** One store per page, opened once (React's Strict Mode mounts twice; the migration must run once). */
let opening: Promise<HistoryStore> | undefined;
const historyStore = () => {
  opening ??= openHistoryStore();
  return opening;
};

/** Tabs of the tutor tell each other that the history changed. */
const CHANNEL = 'math-tutor-history';

export function useHistory(): HistoryApi {
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [ready, setReady] = useState(false);
  const [persistent, setPersistent] = useState(true);
  const channel = useRef<BroadcastChannel | undefined>(undefined);

  const refresh = useCallback(async (store: HistoryStore) => {
    setEntries(await store.list());
    setReady(true);
    setPersistent(store.persistent);
  }, []);

  useEffect(() => {
    let live = true;
    void historyStore().then((store) => {
      if (!live) return;
      void refresh(store);
      if (!store.persistent || typeof BroadcastChannel === 'undefined') return;
      channel.current = new BroadcastChannel(CHANNEL);
      channel.current.onmessage = () => void refresh(store);
    });
    return () => {
      live = false;
      channel.current?.close();
      channel.current = undefined;
    };
  }, [refresh]);

  /** Runs a change, shows the result, tells the other tabs. */
  const change = useCallback(
    async <T>(run: (store: HistoryStore) => Promise<T>): Promise<T> => {
      const store = await historyStore();
      const result = await run(store);
      await refresh(store);
      channel.current?.postMessage('changed');
      return result;
    },
    [refresh],
  );

  const add = useCallback(
    async (fields: NewHistoryEntry): Promise<HistoryEntry> => {
      const entry: HistoryEntry = {
        ...fields,
        id: fields.id ?? crypto.randomUUID(),
        at: fields.at ?? Date.now(),
      };
      try {
        await change((store) => store.add(entry));
      } catch (error) {
        // The solve itself succeeded; the history keeps it for this visit at least.
        console.warn('A solved problem could not be saved to the history.', error);
        setEntries((now) => [entry, ...now.filter((e) => e.id !== entry.id)]);
      }
      return entry;
    },
    [change],
  );

  const remove = useCallback(
    (id: string) => change((store) => store.remove(id)).catch(rethrow),
    [change],
  );
  const clear = useCallback(() => change((store) => store.clear()).catch(rethrow), [change]);

  const importFile = useCallback(
    async (file: Blob): Promise<ImportCounts> => {
      if (file.size > MAX_FILE_BYTES) {
        throw new AppError('history-invalid', { details: `The file has ${file.size} bytes.` });
      }
      const parsed = parseHistoryFile(await file.text());
      if (!parsed.ok) throw new AppError('history-invalid', { details: parsed.reason });
      return change((store) => store.importEntries(parsed.entries)).catch(rethrow);
    },
    [change],
  );

  const exportFile = useCallback(() => {
    const blob = new Blob([serializeHistoryFile(entries)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = historyFileName();
    link.click();
    // Some browsers read the blob after click() returns; a revoked URL would fail the download.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }, [entries]);

  const search = useCallback((query: string) => searchEntries(entries, query), [entries]);

  return useMemo(
    () => ({ entries, ready, persistent, add, remove, clear, search, exportFile, importFile }),
    [entries, ready, persistent, add, remove, clear, search, exportFile, importFile],
  );
}

function rethrow(error: unknown): never {
  throw toAppError(error, 'internal');
}
