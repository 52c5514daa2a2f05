/**
 * Character error rate as ../shared/data/README.md defines it for the OCR dev
 * set: Levenshtein distance over ground-truth length, after the same
 * normalisation on both sides (whitespace collapsed; Unicode minus signs and
 * dashes → '-', × → '*', ÷ → '/').
 */
export function normalizeForCer(text: string): string {
  return text
    .replace(/[\u2212\u2010\u2011\u2012\u2013\u2014\u2015\uFE63\uFF0D]/g, '-')
    .replace(/[\u00D7\u2715\u2716]/g, '*')
    .replace(/\u00F7/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Levenshtein distance on UTF-16 code units, O(min(a,b)) memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length < b.length) [a, b] = [b, a];
  if (b.length === 0) return a.length;
  let prev = new Uint32Array(b.length + 1);
  let curr = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const del = (prev[j] ?? 0) + 1;
      const ins = (curr[j - 1] ?? 0) + 1;
      const sub = (prev[j - 1] ?? 0) + cost;
      curr[j] = Math.min(del, ins, sub);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length] ?? 0;
}

export interface CerCounts {
  /** Edit operations needed to turn the hypothesis into the reference. */
  edits: number;
  /** Characters in the normalised reference. */
  length: number;
}

export function cerCounts(hypothesis: string, reference: string): CerCounts {
  const ref = normalizeForCer(reference);
  return { edits: editDistance(normalizeForCer(hypothesis), ref), length: ref.length };
}

export function cer(hypothesis: string, reference: string): number {
  const { edits, length } = cerCounts(hypothesis, reference);
  return length === 0 ? (edits === 0 ? 0 : 1) : edits / length;
}
