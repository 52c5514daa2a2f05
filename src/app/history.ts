/**
 * Past problems, kept in localStorage: small, synchronous and written whole,
 * so a crash mid-solve can never leave a half-written entry.
 */
export interface HistoryEntry {
  id: string;
  problem: string;
  modelId: string;
  text: string;
  answerLatex?: string;
  at: number;
}

const KEY = 'math-tutor:history:v1';
const MAX_ENTRIES = 50;
/** A runaway generation should not fill the storage quota. */
const MAX_TEXT_CHARS = 40_000;

export function readHistory(storage: Storage = localStorage): HistoryEntry[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

export function addToHistory(entry: HistoryEntry, storage: Storage = localStorage): HistoryEntry[] {
  const trimmed = { ...entry, text: entry.text.slice(0, MAX_TEXT_CHARS) };
  const next = [trimmed, ...readHistory(storage).filter((e) => e.id !== entry.id)].slice(
    0,
    MAX_ENTRIES,
  );
  try {
    storage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Quota exceeded or storage disabled: keep the history for this session only.
  }
  return next;
}

export function clearHistory(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}

function isEntry(value: unknown): value is HistoryEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.id === 'string' &&
    typeof e.problem === 'string' &&
    typeof e.text === 'string' &&
    typeof e.at === 'number'
  );
}
