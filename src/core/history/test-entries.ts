import type { HistoryEntry } from './entry';

/** A valid entry for tests; `n` varies the id, the problem and the time. */
export function sampleEntry(n: number, patch: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: `id-${n}`,
    problem: `Problem ${n}: solve $x + ${n} = ${2 * n}$`,
    source: 'typed',
    text: `Subtract ${n}:\n\n$$x = ${n}$$\n\nSo $\\boxed{${n}}$.`,
    answerLatex: String(n),
    help: 'full',
    modelId: 'tiny-qwen2-scripted',
    at: 1_700_000_000_000 + n * 1000,
    ...patch,
  };
}
