import { capEntry, type HistoryEntry, MAX_ENTRIES, newestFirst } from './entry';

/**
 * Two entries are the same problem when they share an id, or when they hold
 * the same problem, solution and time: the same solve can reach a device with
 * another id (an export edited by hand, or the localStorage history migrated
 * once on each of two browsers and then exported from both).
 */
export function contentKey(entry: HistoryEntry): string {
  return `${entry.at}|${entry.problem.length}|${entry.text.length}|${hash(entry.problem)}|${hash(entry.text)}`;
}

export interface MergeResult {
  /** What to keep, newest first, at most `limit`. */
  readonly entries: HistoryEntry[];
  /** Incoming entries that are now kept and were not there before. */
  readonly added: HistoryEntry[];
  /** Incoming entries that were already there (or twice in the incoming list). */
  readonly skipped: number;
  /** Incoming entries left out because they are older than the newest `limit`. */
  readonly dropped: number;
}

/**
 * Adds `incoming` to `existing` without duplicates. What the device already
 * has wins over an incoming copy of it; within `incoming` the first wins.
 */
export function mergeEntries(
  existing: readonly HistoryEntry[],
  incoming: readonly HistoryEntry[],
  limit = MAX_ENTRIES,
): MergeResult {
  const ids = new Set<string>();
  const keys = new Set<string>();
  const seen = (entry: HistoryEntry) => ids.has(entry.id) || keys.has(contentKey(entry));
  const remember = (entry: HistoryEntry) => {
    ids.add(entry.id);
    keys.add(contentKey(entry));
  };
  const all: HistoryEntry[] = [];
  for (const entry of existing) {
    remember(entry);
    all.push(entry);
  }
  const fresh = new Set<HistoryEntry>();
  let skipped = 0;
  for (const raw of incoming) {
    const entry = capEntry(raw);
    if (seen(entry)) {
      skipped++;
      continue;
    }
    remember(entry);
    fresh.add(entry);
    all.push(entry);
  }
  const entries = all.sort(newestFirst).slice(0, limit);
  const added = entries.filter((e) => fresh.has(e));
  return { entries, added, skipped, dropped: fresh.size - added.length };
}

/** cyrb53: a fast 53-bit string hash, enough to tell solutions apart (not for security). */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
