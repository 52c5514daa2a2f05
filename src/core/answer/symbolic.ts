import type { BoxedExpression, ComputeEngine } from '@cortex-js/compute-engine';
import { isClose } from './py';

/**
 * Symbolic equality: the last resort of `mathEqual`, where the official
 * grader calls sympy. Pluggable so the app can use compute-engine on the main
 * thread (or sympy in the Python worker) and the CLI can use either.
 *
 * A verdict: true / false when the judge is sure, undefined when it cannot
 * tell (unparseable input, out of time). Graders count undefined as false, as
 * the official one does; "check my answer" shows it as "can't tell".
 */
export type SymbolicVerdict = boolean | undefined;

export interface SymbolicJudge {
  equal(a: string, b: string): SymbolicVerdict | PromiseLike<SymbolicVerdict>;
}

export interface SyncSymbolicJudge extends SymbolicJudge {
  equal(a: string, b: string): SymbolicVerdict;
}

/** The first judge that decides wins: e.g. compute-engine first, then sympy. */
export function firstDecided(...judges: SymbolicJudge[]): SymbolicJudge {
  return {
    async equal(a, b) {
      for (const judge of judges) {
        const verdict = await judge.equal(a, b);
        if (verdict !== undefined) return verdict;
      }
      return undefined;
    },
  };
}

export interface ComputeEngineJudgeOptions {
  /**
   * Budget per comparison in ms (default 1000, the official per-call timeout).
   * compute-engine is synchronous, so this is checked between steps: one
   * pathological simplify can overrun it. Run the judge in a worker where a
   * hard stop matters.
   */
  timeLimitMs?: number;
  /**
   * How `2\frac{1}{3}` reads. 'product' (default) is what the official grader's
   * sympy LaTeX parser does (2·1/3); 'sum' is the mixed number 7/3 a student
   * means.
   */
  mixedNumbers?: 'product' | 'sum';
}

/** Relative tolerance of the official numeric comparison. */
const REL_TOL = 1e-4;
/** Points where expressions in unknowns are compared; away from 0, 1 and each other. */
const SAMPLE_POINTS = [0.7317, 1.3421, -0.5813, 2.2361, 0.3183, -1.7129];
const COLLECTIONS = new Set([
  'List',
  'Tuple',
  'Sequence',
  'Delimiter',
  'Matrix',
  'Set',
  'Pair',
  'Triple',
]);
const MIXED_NUMBER = /(\d)\s*(\\frac)/g;

class OutOfTime extends Error {}

/** A compute-engine judge over an engine the caller has loaded. */
export function computeEngineJudge(
  ce: ComputeEngine,
  options: ComputeEngineJudgeOptions = {},
): SyncSymbolicJudge {
  const timeLimit = options.timeLimitMs ?? 1000;
  const product = (options.mixedNumbers ?? 'product') === 'product';
  let deadline = 0;

  const checkTime = () => {
    if (Date.now() > deadline) throw new OutOfTime();
  };

  const parse = (latex: string): BoxedExpression | undefined => {
    const source = product ? latex.replace(MIXED_NUMBER, '$1\\cdot$2') : latex;
    // Like the official parser: as given, then with doubled backslashes undone.
    for (const text of [source, source.replaceAll('\\\\', '\\')]) {
      try {
        const expr = ce.parse(text);
        if (expr.isValid) return expr;
      } catch {
        // try the next form
      }
    }
    return undefined;
  };

  /** Both numbers (real or complex) close within the tolerance; undefined if either is not a number. */
  const numericallyClose = (a: BoxedExpression, b: BoxedExpression): SymbolicVerdict => {
    checkTime();
    const x = a.N();
    const y = b.N();
    if (!x.isNumberLiteral || !y.isNumberLiteral) return undefined;
    const parts = [x.re, y.re, x.im, y.im];
    if (parts.some((v) => Number.isNaN(v))) return undefined;
    return isClose(x.re, y.re, REL_TOL) && isClose(x.im, y.im, REL_TOL);
  };

  const sampled = (
    a: BoxedExpression,
    b: BoxedExpression,
    names: readonly string[],
  ): SymbolicVerdict => {
    let compared = 0;
    for (let k = 0; k < SAMPLE_POINTS.length; k++) {
      const subs: Record<string, BoxedExpression> = {};
      names.forEach((name, j) => {
        subs[name] = ce.number(SAMPLE_POINTS[(k + j) % SAMPLE_POINTS.length] as number);
      });
      const verdict = numericallyClose(a.subs(subs), b.subs(subs));
      if (verdict === false) return false;
      if (verdict === true) compared++;
    }
    return compared >= 3 ? true : undefined;
  };

  const difference = (e: BoxedExpression): BoxedExpression =>
    e.operator === 'Equal' ? ce.box(['Subtract', e.op1, e.op2]) : e;

  const same = (a: BoxedExpression, b: BoxedExpression): SymbolicVerdict => {
    checkTime();
    if (a.isSame(b)) return true;
    const aEq = a.operator === 'Equal';
    const bEq = b.operator === 'Equal';
    if (aEq !== bEq) return false;
    if (aEq) {
      // equations: equal up to sign of lhs − rhs, as the official grader compares |lhs − rhs|
      const da = difference(a);
      const db = difference(b);
      return or(same(da, db), () => same(ce.box(['Negate', da]), db));
    }
    if (COLLECTIONS.has(a.operator) || COLLECTIONS.has(b.operator)) {
      if (a.operator !== b.operator || a.nops !== b.nops) return false;
      let verdict: SymbolicVerdict = true;
      for (const [i, op] of (a.ops ?? []).entries()) {
        const other = b.ops?.[i];
        if (!other) return false;
        const v = same(op, other);
        if (v === false) return false;
        if (v === undefined) verdict = undefined;
      }
      return verdict;
    }
    const names = [...new Set([...a.unknowns, ...b.unknowns])];
    if (names.length === 0) return numericallyClose(a, b);
    if (a.isEqual(b) === true) return true;
    checkTime();
    if (ce.box(['Subtract', a, b]).simplify().isSame(ce.number(0))) return true;
    return sampled(a, b, names);
  };

  return {
    equal(a, b) {
      if (a === b) return true;
      deadline = Date.now() + timeLimit;
      try {
        const x = parse(a);
        const y = parse(b);
        if (!x || !y) return undefined;
        return same(x, y);
      } catch {
        // out of time, or compute-engine threw on odd input: "can't tell", not a crash
        return undefined;
      }
    },
  };
}

function or(first: SymbolicVerdict, second: () => SymbolicVerdict): SymbolicVerdict {
  if (first === true) return true;
  const next = second();
  if (next === true) return true;
  return first === false && next === false ? false : undefined;
}

let loading: Promise<typeof import('@cortex-js/compute-engine')> | undefined;

/**
 * Loads compute-engine (about 0.5 MB: never on the page's first load) and
 * returns a judge backed by it. The module is fetched once; each call gets its
 * own engine.
 */
export async function loadComputeEngineJudge(
  options: ComputeEngineJudgeOptions = {},
): Promise<SyncSymbolicJudge> {
  loading ??= import('@cortex-js/compute-engine').catch((error: unknown) => {
    loading = undefined; // offline or a failed chunk: let the next call try again
    throw error;
  });
  const { ComputeEngine } = await loading;
  return computeEngineJudge(new ComputeEngine(), options);
}
