import {
  capEntry,
  type HistoryEntry,
  MAX_ENTRIES,
  mergeEntries,
  newestFirst,
} from '../../core/history';
import type { HistoryStore, ImportCounts } from './types';

/**
 * The history of this visit only, for browsers that deny the tutor storage
 * (a course page's iframe under strict third-party rules, some private modes).
 */
export function memoryStore(initial: readonly HistoryEntry[] = []): HistoryStore {
  let entries = mergeEntries([], initial).entries;
  return {
    persistent: false,
    list: async () => [...entries],
    add: async (entry) => {
      entries = [capEntry(entry), ...entries.filter((e) => e.id !== entry.id)]
        .sort(newestFirst)
        .slice(0, MAX_ENTRIES);
    },
    remove: async (id) => {
      entries = entries.filter((e) => e.id !== id);
    },
    clear: async () => {
      entries = [];
    },
    importEntries: async (incoming): Promise<ImportCounts> => {
      const result = mergeEntries(entries, incoming);
      entries = result.entries;
      return { added: result.added.length, skipped: result.skipped, dropped: result.dropped };
    },
  };
}
