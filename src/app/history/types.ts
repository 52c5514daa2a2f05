import type { HistoryEntry } from '../../core/history';

/** What an import did: entries new to this device, copies it already had, and the too-old. */
export interface ImportCounts {
  readonly added: number;
  readonly skipped: number;
  /** Left out because only the newest MAX_ENTRIES are kept. */
  readonly dropped: number;
}

/**
 * Where the history lives. Every change is whole or not at all: one
 * IndexedDB transaction each, so a crash or a closed tab never leaves half an
 * entry or half an import.
 */
export interface HistoryStore {
  /** False where the browser keeps nothing (storage denied): the history lasts this visit. */
  readonly persistent: boolean;
  /** Newest first. */
  list(): Promise<HistoryEntry[]>;
  add(entry: HistoryEntry): Promise<void>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  importEntries(entries: readonly HistoryEntry[]): Promise<ImportCounts>;
}
