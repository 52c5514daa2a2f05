/**
 * One solved problem as the tutor keeps it on the device. The same shape is
 * stored in IndexedDB and written to an exported file (docs/history.md).
 *
 * Later versions may add optional fields (votes, a language…) without a new
 * HISTORY_VERSION: readers ignore what they do not know. HISTORY_VERSION
 * changes only when an existing field changes meaning, and then the store
 * upgrades its records and the importer converts older files.
 */
export const HISTORY_VERSION = 1;

export const PROBLEM_SOURCES = ['typed', 'photo', 'sketch'] as const;
export type ProblemSource = (typeof PROBLEM_SOURCES)[number];

export const HELP_MODES = ['full', 'hints'] as const;
export type HelpMode = (typeof HELP_MODES)[number];

export interface HistoryEntry {
  readonly id: string;
  /** The problem as it was solved (after OCR and the student's edits). */
  readonly problem: string;
  readonly source: ProblemSource;
  /** The solution: the model's text, markdown with LaTeX. */
  readonly text: string;
  /** The raw text inside the solution's last \boxed{…}, when it had one. */
  readonly answerLatex?: string;
  readonly help: HelpMode;
  readonly modelId: string;
  /** When it was solved, in ms since the epoch. */
  readonly at: number;
}

/** A new entry: the id and the time are filled in when it is saved. */
export type NewHistoryEntry = Omit<HistoryEntry, 'id' | 'at'> & { id?: string; at?: number };

/** The newest entries kept; an older one is dropped when a new one comes. */
export const MAX_ENTRIES = 500;

/**
 * Bounds per field, so that a runaway generation or a pasted book cannot fill
 * the storage quota. A real solution is a few kB; the model's context is 4,096
 * tokens.
 */
export const LIMITS = {
  id: 200,
  problem: 20_000,
  text: 40_000,
  answerLatex: 2_000,
  modelId: 200,
} as const;

/** The entry with every text within its bound (the start of a text is kept). */
export function capEntry(entry: HistoryEntry): HistoryEntry {
  const { id, problem, source, text, answerLatex, help, modelId, at } = entry;
  return {
    id: id.slice(0, LIMITS.id),
    problem: problem.slice(0, LIMITS.problem),
    source,
    text: text.slice(0, LIMITS.text),
    ...(answerLatex !== undefined ? { answerLatex: answerLatex.slice(0, LIMITS.answerLatex) } : {}),
    help,
    modelId: modelId.slice(0, LIMITS.modelId),
    at,
  };
}

/** Newest first; equal times by id, so that every device shows one order. */
export function newestFirst(a: HistoryEntry, b: HistoryEntry): number {
  return b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
