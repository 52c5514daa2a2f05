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

/**
 * The page's localStorage, or undefined where reading it throws: a browser
 * that blocks third-party storage denies it to the tutor embedded in a course
 * page, and the tutor must still work (without history across visits).
 */
function pageStorage(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

export function readHistory(storage = pageStorage()): HistoryEntry[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

export function addToHistory(entry: HistoryEntry, storage = pageStorage()): HistoryEntry[] {
  const trimmed = { ...entry, text: entry.text.slice(0, MAX_TEXT_CHARS) };
  const next = [trimmed, ...readHistory(storage).filter((e) => e.id !== entry.id)].slice(
    0,
    MAX_ENTRIES,
  );
  try {
    storage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // Quota exceeded or storage disabled: keep the history for this session only.
  }
  return next;
}

export function clearHistory(storage = pageStorage()): void {
  storage?.removeItem(KEY);
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
