import { capEntry, type HistoryEntry } from './entry';

/** Where the tutor kept its history before IndexedDB (a JSON array, newest first). */
export const LEGACY_KEY = 'math-tutor:history:v1';

/**
 * The localStorage history in today's shape. Those entries were all typed or
 * read into the Problem box and solved in full (there were no hints then);
 * anything that is not an entry is left behind rather than failing the rest.
 */
export function migrateLegacy(raw: string | null): HistoryEntry[] {
  if (raw === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const entries: HistoryEntry[] = [];
  for (const item of parsed) {
    if (typeof item !== 'object' || item === null) continue;
    const e = item as Record<string, unknown>;
    if (
      typeof e.id !== 'string' ||
      e.id === '' ||
      typeof e.problem !== 'string' ||
      typeof e.text !== 'string' ||
      typeof e.at !== 'number' ||
      !Number.isFinite(e.at)
    ) {
      continue;
    }
    entries.push(
      capEntry({
        id: e.id,
        problem: e.problem,
        source: 'typed',
        text: e.text,
        ...(typeof e.answerLatex === 'string' ? { answerLatex: e.answerLatex } : {}),
        help: 'full',
        modelId: typeof e.modelId === 'string' ? e.modelId : '',
        at: e.at,
      }),
    );
  }
  return entries;
}
