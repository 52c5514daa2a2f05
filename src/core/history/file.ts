import {
  HELP_MODES,
  HISTORY_VERSION,
  type HistoryEntry,
  LIMITS,
  newestFirst,
  PROBLEM_SOURCES,
} from './entry';

/**
 * The exported history: a JSON file a student can keep, move to another
 * device and import again (docs/history.md describes it for others).
 */
export interface HistoryFile {
  readonly app: typeof HISTORY_FILE_APP;
  readonly kind: typeof HISTORY_FILE_KIND;
  readonly version: number;
  /** ISO 8601, for the person who finds the file later; not read back. */
  readonly exportedAt: string;
  readonly entries: readonly HistoryEntry[];
}

export const HISTORY_FILE_APP = 'math-tutor';
export const HISTORY_FILE_KIND = 'history';
/** 500 entries at the field limits are ~32 MB; anything larger was not made by us. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export function serializeHistoryFile(entries: readonly HistoryEntry[], now = Date.now()): string {
  const file: HistoryFile = {
    app: HISTORY_FILE_APP,
    kind: HISTORY_FILE_KIND,
    version: HISTORY_VERSION,
    exportedAt: new Date(now).toISOString(),
    entries: [...entries].sort(newestFirst),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** "math-tutor-history-2025-03-01.json", in the student's own time zone. */
export function historyFileName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `math-tutor-history-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

export type ParsedHistoryFile =
  | { readonly ok: true; readonly entries: HistoryEntry[] }
  /** `reason` is English for the alert's Details: what is wrong and where. */
  | { readonly ok: false; readonly reason: string };

/**
 * Reads an exported history. All or nothing: one bad entry refuses the whole
 * file, so that an import never leaves half of a file on the device. Fields
 * this version does not know are ignored (a newer tutor may add some).
 */
export function parseHistoryFile(text: string): ParsedHistoryFile {
  if (text.length > MAX_FILE_BYTES) {
    return fail(`The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return fail('The file is not JSON.');
  }
  if (!isRecord(data)) return fail('The file is not a JSON object.');
  if (data.app !== HISTORY_FILE_APP || data.kind !== HISTORY_FILE_KIND) {
    return fail(`The file does not say "app": "${HISTORY_FILE_APP}", "kind": "history".`);
  }
  const { version } = data;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail('The file has no valid "version".');
  }
  if (version > HISTORY_VERSION) {
    return fail(
      `The file is version ${version}, newer than this tutor reads (${HISTORY_VERSION}). Reload the tutor to update it, then import again.`,
    );
  }
  if (!Array.isArray(data.entries)) return fail('The file has no list of "entries".');
  const entries: HistoryEntry[] = [];
  for (const [index, item] of data.entries.entries()) {
    const parsed = parseEntry(item);
    if (typeof parsed === 'string') return fail(`Entry ${index + 1}: ${parsed}`);
    entries.push(parsed);
  }
  return { ok: true, entries };
}

/** The entry, or what is wrong with it. */
function parseEntry(item: unknown): HistoryEntry | string {
  if (!isRecord(item)) return 'it is not an object.';
  const { id, problem, source, text, answerLatex, help, modelId, at } = item;
  if (typeof id !== 'string' || id === '') return '"id" is missing or not text.';
  if (id.length > LIMITS.id) return `"id" is longer than ${LIMITS.id} characters.`;
  if (typeof problem !== 'string' || problem.trim() === '') return '"problem" is missing or empty.';
  if (!isOneOf(source, PROBLEM_SOURCES)) return `"source" must be ${orList(PROBLEM_SOURCES)}.`;
  if (typeof text !== 'string') return '"text" (the solution) is missing or not text.';
  if (answerLatex !== undefined && typeof answerLatex !== 'string') {
    return '"answerLatex" is not text.';
  }
  if (!isOneOf(help, HELP_MODES)) return `"help" must be ${orList(HELP_MODES)}.`;
  if (typeof modelId !== 'string') return '"modelId" is missing or not text.';
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0 || at > 8.64e15) {
    return '"at" is not a time (milliseconds since 1970).';
  }
  return {
    id,
    problem,
    source,
    text,
    ...(answerLatex !== undefined ? { answerLatex } : {}),
    help,
    modelId,
    at,
  };
}

function fail(reason: string): ParsedHistoryFile {
  return { ok: false, reason };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOneOf<T extends string>(value: unknown, options: readonly T[]): value is T {
  return typeof value === 'string' && (options as readonly string[]).includes(value);
}

function orList(options: readonly string[]): string {
  const quoted = options.map((o) => `"${o}"`);
  return `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}
