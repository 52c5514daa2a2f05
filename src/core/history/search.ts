import type { HistoryEntry } from './entry';

/**
 * Search over the problem, the answer and the solution. Case and accents do
 * not matter ("equation" finds "Équation"), nor do full-width characters
 * (NFKD folds "３" to "3"); every word of the query must occur somewhere, in
 * any order.
 */
export function searchEntries(entries: readonly HistoryEntry[], query: string): HistoryEntry[] {
  const words = fold(query).split(' ').filter(Boolean);
  if (words.length === 0) return [...entries];
  return entries.filter((entry) => {
    const text = haystack(entry);
    return words.every((word) => text.includes(word));
  });
}

/** Lower case, no accents, no compatibility forms, one space between words. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Folding a 40 kB solution on every keystroke would be wasted work: entries
 * are immutable, so each is folded once.
 */
const folded = new WeakMap<HistoryEntry, string>();
function haystack(entry: HistoryEntry): string {
  let text = folded.get(entry);
  if (text === undefined) {
    text = fold(`${entry.problem}\n${entry.answerLatex ?? ''}\n${entry.text}`);
    folded.set(entry, text);
  }
  return text;
}
