import { isClose, PY_WORD, pyFloat, pyLen, pyStrip, pyStripChars } from './py';
import {
  loadComputeEngineJudge,
  type SymbolicJudge,
  type SymbolicVerdict,
  type SyncSymbolicJudge,
} from './symbolic';

/**
 * `math_equal`: whether a predicted answer equals the reference, with the
 * official grader's rules in its order (QwenLM/Qwen2.5-Math
 * evaluation/grader.py): case-insensitive text, choice letters, numbers
 * (relative tolerance 1e-4, the reference also read as a percentage),
 * brackets ignored, tuples and intervals element-wise, matrices cell by cell,
 * equations up to sign, `x = 3` against `3`, and finally symbolic equality.
 *
 * Both sides are expected normalised (stripString / extractPrediction). The
 * rules are not symmetric: the second argument is the reference.
 *
 * The rules are written once, as a generator that yields each symbolic
 * question; `mathEqualSync` answers them with a synchronous judge and
 * `mathEqual` with any judge, so the browser can keep sympy in a worker.
 */

/** true / false, or 'unknown' when only the symbolic judge could have decided and it could not. */
export type Verdict = boolean | 'unknown';

export interface EqualOptions {
  /** Also accept the reference ×100 and ÷100 for plain numbers (official default: true). */
  includePercentage?: boolean;
  /** Compare plain numbers with relative tolerance 1e-4 instead of exactly (official default: true). */
  isClose?: boolean;
}

type Query = readonly [string, string];
type Steps = Generator<Query, Verdict, SymbolicVerdict>;

const CHOICES: ReadonlySet<string> = new Set(['A', 'B', 'C', 'D', 'E']);
const CHOICE_LETTER = new RegExp(`(?<![${PY_WORD}])[A-E](?![${PY_WORD}])`, 'gu');
const BRACKETED = /^[([][^\n]+[)\]]/;
const MATRIX_BEGIN = ['\\begin{pmatrix}', '\\begin{bmatrix}'];
const MATRIX_END = ['\\end{pmatrix}', '\\end{bmatrix}'];
const SET_OF_TUPLES = /\{[^\n]*,[^\n]*\}/g;

/** The grader's `choice_answer_clean`: the last standalone A–E in the text, else the text. */
export function choiceAnswerClean(text: string): string {
  let pred = pyStripChars(text, '\n');
  pred = pyStripChars(pred, '.', 'right');
  pred = pyStripChars(pred, '/', 'right');
  pred = pyStripChars(pred, ' ');
  pred = pyStripChars(pred, ':', 'left');
  const letters = pred.toUpperCase().match(CHOICE_LETTER);
  const last = letters ? (letters.at(-1) as string) : pyStripChars(pyStrip(pred), '.');
  return pyStripChars(pyStripChars(last, '.', 'right'), '/', 'right');
}

/** `parse_digits`: a float, thousands separators ignored, "50%" / "50\%" as 0.5. */
export function parseDigits(text: string): number | undefined {
  const num = text.replaceAll(',', '');
  const value = pyFloat(num);
  if (value !== undefined) return value;
  if (num.endsWith('%')) {
    let body = num.slice(0, -1);
    if (body.endsWith('\\')) body = body.slice(0, -1);
    const v = pyFloat(body);
    if (v !== undefined) return v / 100;
  }
  return undefined;
}

/** `str_to_pmatrix`: "{1,2},{3,4}"-style text as pmatrices (and "" when it has none, as officially). */
function strToPmatrix(text: string): string {
  const found = pyStrip(text).match(SET_OF_TUPLES) ?? [];
  return found
    .map((m) => `\\begin{pmatrix}${pyStripChars(m, '{}').replaceAll(',', '\\')}\\end{pmatrix}`)
    .join(', ');
}

function isMatrix(s: string): boolean {
  return MATRIX_BEGIN.some((b) => s.startsWith(b)) && MATRIX_END.some((e) => s.endsWith(e));
}

function matrixRows(s: string): string[][] {
  const body = s.slice('\\begin{pmatrix}'.length, s.length - '\\end{pmatrix}'.length);
  return body
    .split('\\\\')
    .map((line) => pyStrip(line))
    .filter((line) => line !== '')
    .map((line) => line.split('&'));
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

function* steps(prediction: string, reference: string, options: Required<EqualOptions>): Steps {
  if (pyStrip(prediction).toLowerCase() === pyStrip(reference).toLowerCase()) return true;
  if (CHOICES.has(reference) && choiceAnswerClean(prediction) === reference) return true;

  const p = parseDigits(prediction);
  const r = parseDigits(reference);
  if (p !== undefined && r !== undefined) {
    const targets = options.includePercentage ? [r / 100, r, r * 100] : [r];
    return targets.some((t) => (options.isClose ? isClose(p, t) : p === t));
  }
  if (prediction === '') return false;

  let ref = pyStrip(reference);
  const pred = pyStrip(prediction);
  if (pred.includes('pmatrix') && !ref.includes('pmatrix')) ref = strToPmatrix(ref);

  // [], (), {} do not matter: "(1,2)" equals "1,2"; "[1,2)" equals "(1,2]" only through the element rule below
  let predStr = pred;
  let refStr = ref;
  if (
    (pred.startsWith('[') && pred.endsWith(']') && !ref.startsWith('(')) ||
    (pred.startsWith('(') && pred.endsWith(')') && !ref.startsWith('['))
  ) {
    predStr = pyStripChars(predStr, '[]()');
    refStr = pyStripChars(refStr, '[]()');
  }
  for (const ch of ['{', '}', '(', ')']) {
    predStr = predStr.replaceAll(ch, '');
    refStr = refStr.replaceAll(ch, '');
  }
  if (predStr.toLowerCase() === refStr.toLowerCase()) return true;

  // tuples and intervals, element by element
  if (BRACKETED.test(pred) && BRACKETED.test(ref)) {
    const predParts = pred.slice(1, -1).split(',');
    const refParts = ref.slice(1, -1).split(',');
    if (predParts.length === refParts.length && (yield* allEqual(predParts, refParts, options)))
      return true;
  }

  // matrices, cell by cell
  if (isMatrix(pred) && isMatrix(ref)) {
    const predRows = matrixRows(pred);
    const refRows = matrixRows(ref);
    let matched = predRows.length === refRows.length;
    for (let i = 0; matched && i < predRows.length; i++) {
      const a = predRows[i] as string[];
      const b = refRows[i] as string[];
      matched = a.length === b.length && (yield* allEqual(a, b, options));
    }
    if (matched) return true;
  }

  // equations: a = b against c = d compares a − (b) with c − (d), up to sign
  const predEquals = count(pred, '=');
  const refEquals = count(ref, '=');
  const [predLhs = '', predRhs = ''] = pred.split('=');
  const [refLhs = '', refRhs = ''] = ref.split('=');
  if (predEquals === 1 && refEquals === 1) {
    const a = `${pyStrip(predLhs)} - (${pyStrip(predRhs)})`;
    const b = `${pyStrip(refLhs)} - (${pyStrip(refRhs)})`;
    if ((yield [a, b]) === true || (yield [`-(${a})`, b]) === true) return true;
  } else if (predEquals === 1 && pyLen(pyStrip(predLhs)) <= 2 && refEquals === 0) {
    if ((yield* steps(predRhs, reference, options)) === true) return true;
  } else if (refEquals === 1 && pyLen(pyStrip(refLhs)) <= 2 && predEquals === 0) {
    if ((yield* steps(prediction, refRhs, options)) === true) return true;
  }

  const verdict = yield [pred, ref];
  return verdict ?? 'unknown';
}

function* allEqual(
  a: readonly string[],
  b: readonly string[],
  options: Required<EqualOptions>,
): Generator<Query, boolean, SymbolicVerdict> {
  for (const [i, x] of a.entries()) {
    if ((yield* steps(x, b[i] ?? '', options)) !== true) return false;
  }
  return true;
}

function withDefaults(options: EqualOptions): Required<EqualOptions> {
  return { includePercentage: options.includePercentage ?? true, isClose: options.isClose ?? true };
}

export interface SyncJudgeOptions extends EqualOptions {
  /** Without one, symbolic questions go unanswered and can only end in 'unknown'. */
  symbolic?: SyncSymbolicJudge;
}

export interface JudgeOptions extends EqualOptions {
  /** Default: compute-engine, loaded on first use. null: no symbolic step. */
  symbolic?: SymbolicJudge | null;
}

/** The verdict with a synchronous judge (or none). */
export function judgeSync(
  prediction: string,
  reference: string,
  options: SyncJudgeOptions = {},
): Verdict {
  const run = steps(prediction, reference, withDefaults(options));
  let next = run.next();
  while (!next.done) {
    const [a, b] = next.value;
    next = run.next(options.symbolic?.equal(a, b));
  }
  return next.value;
}

/** The verdict with any judge, sync or async (a sympy worker, a child process). */
export async function judge(
  prediction: string,
  reference: string,
  options: JudgeOptions = {},
): Promise<Verdict> {
  const run = steps(prediction, reference, withDefaults(options));
  let symbolic = options.symbolic;
  let next = run.next();
  while (!next.done) {
    const [a, b] = next.value;
    if (symbolic === undefined) symbolic = await loadComputeEngineJudge();
    next = run.next(symbolic ? await symbolic.equal(a, b) : undefined);
  }
  return next.value;
}

/** `math_equal` with a synchronous judge: 'unknown' counts as not equal, as in the official grader. */
export function mathEqualSync(
  prediction: string,
  reference: string,
  options: SyncJudgeOptions = {},
): boolean {
  return judgeSync(prediction, reference, options) === true;
}

/** `math_equal` with any judge: 'unknown' counts as not equal, as in the official grader. */
export async function mathEqual(
  prediction: string,
  reference: string,
  options: JudgeOptions = {},
): Promise<boolean> {
  return (await judge(prediction, reference, options)) === true;
}
