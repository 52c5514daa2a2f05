import { type DatasetExample, type DatasetName, parseGroundTruth } from './datasets';
import { judgeSync, type Verdict } from './equal';
import { extractPrediction } from './extract';
import { stripString } from './normalize';
import { pyStr } from './py';
import type { SyncSymbolicJudge } from './symbolic';
import { bestByReward, majorityByString, majorityVoteSync } from './vote';

/**
 * Grading a file of solutions that the official evaluation has already graded
 * (the golden file's format): re-extract and re-judge every response, count
 * where we agree with the official `preds` and `scores`, and compute pass@1,
 * Maj@k and RM@k from our own verdicts. Pure: the CLI does the reading.
 */

export interface GradeRow {
  /** 1-based line in the file, for messages. */
  line: number;
  responses: string[];
  gt: string;
  preds: string[];
  scores: boolean[];
  rmScores?: number[];
  /** The whole row, for the per-data-set ground-truth fields (solution, answer, gt_cot). */
  example: DatasetExample;
}

/** A grade file the CLI cannot read: a usage error for a developer, not a student's failure. */
export class GradeInputError extends Error {
  override name = 'GradeInputError';
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Validates one JSONL line; throws GradeInputError naming the line and the field. */
export function parseGradeRow(text: string, line: number): GradeRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GradeInputError(`line ${line} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GradeInputError(`line ${line} is not a JSON object`);
  }
  const row = value as Record<string, unknown>;
  const bad = (what: string) => new GradeInputError(`line ${line}: ${what}`);
  const { responses, gt, preds, scores } = row;
  if (!isStringArray(responses) || responses.length === 0)
    throw bad('"responses" must be a non-empty array of strings');
  const n = responses.length;
  if (typeof gt !== 'string' && typeof gt !== 'number')
    throw bad('"gt" must be a string or a number');
  if (!isStringArray(preds) || preds.length !== n)
    throw bad(`"preds" must be ${n} strings, one per response`);
  if (
    !Array.isArray(scores) ||
    scores.length !== n ||
    !scores.every((s) => typeof s === 'boolean')
  ) {
    throw bad(`"scores" must be ${n} booleans, one per response`);
  }
  let rmScores: number[] | undefined;
  if (row.rm_scores !== undefined) {
    // the official files nest each score in a list ([[3.5], [0.2]]); accept both
    const flat = Array.isArray(row.rm_scores) ? row.rm_scores.flat() : undefined;
    if (!flat || flat.length !== n || !flat.every((s) => typeof s === 'number')) {
      throw bad(`"rm_scores" must be ${n} numbers, one per response`);
    }
    rmScores = flat as number[];
  }
  return {
    line,
    responses,
    gt: pyStr(gt),
    preds,
    scores: scores as boolean[],
    rmScores,
    example: row,
  };
}

/** Every non-blank line of a JSONL text as a row. */
export function parseGradeRows(text: string): GradeRow[] {
  const rows: GradeRow[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() !== '') rows.push(parseGradeRow(line, i + 1));
  }
  if (rows.length === 0) throw new GradeInputError('no rows: the file is empty');
  return rows;
}

/**
 * The reference answer: parsed from the row's data-set fields as the official
 * evaluation does (a MATH row's solution, a GSM8K "… #### 42"), or, when the
 * row has none, its `gt` normalised.
 */
export function referenceAnswer(row: GradeRow, dataset: DatasetName): string {
  const ex = row.example;
  const hasSource =
    dataset === 'math'
      ? 'solution' in ex || 'gt_cot' in ex
      : dataset === 'gsm8k'
        ? typeof ex.answer === 'string' && ex.answer.includes('####')
        : 'answer' in ex;
  return hasSource ? parseGroundTruth(ex, dataset) : stripString(row.gt);
}

export interface SampleResult {
  /** Index of the row (0-based) and the file line. */
  row: number;
  line: number;
  sample: number;
  reference: string;
  pred: string;
  officialPred: string;
  verdict: Verdict;
  officialScore: boolean;
}

export interface Tally {
  correct: number;
  total: number;
}

export interface GradeReport {
  samples: SampleResult[];
  predAgreement: Tally;
  scoreAgreement: Tally;
  /** Mean of our verdicts over every response. */
  passAt1: Tally;
  /** Our verdict on each row's first response: the "acc" the official evaluate() prints. */
  firstSample: Tally;
  /** Responses per row, when every row has the same number. */
  k: number | undefined;
  /** Majority over clusters of equal answers. */
  majority: Tally;
  /** Majority over identical answer strings, as the published rm_maj_eval.py. */
  majorityByString: Tally;
  /** Best reward-model score; absent unless every row has rm_scores. */
  reward: Tally | undefined;
}

export interface GradeOptions {
  dataset: DatasetName;
  symbolic?: SyncSymbolicJudge;
}

export function gradeRows(rows: readonly GradeRow[], options: GradeOptions): GradeReport {
  const samples: SampleResult[] = [];
  const tally = (): Tally => ({ correct: 0, total: 0 });
  const passAt1 = tally();
  const firstSample = tally();
  const majority = tally();
  const byString = tally();
  const reward = rows.every((r) => r.rmScores) ? tally() : undefined;
  const equal = (a: string, b: string) => judgeSync(a, b, { symbolic: options.symbolic }) === true;

  for (const [r, row] of rows.entries()) {
    const reference = referenceAnswer(row, options.dataset);
    const preds = row.responses.map((text) => extractPrediction(text, options.dataset));
    const verdicts = preds.map((pred) =>
      judgeSync(pred, reference, { symbolic: options.symbolic }),
    );
    const right = verdicts.map((v) => v === true);
    for (const [i, pred] of preds.entries()) {
      samples.push({
        row: r,
        line: row.line,
        sample: i,
        reference,
        pred,
        officialPred: row.preds[i] as string,
        verdict: verdicts[i] as Verdict,
        officialScore: row.scores[i] as boolean,
      });
    }
    const add = (t: Tally, ok: boolean | undefined) => {
      t.total++;
      if (ok) t.correct++;
    };
    for (const ok of right) add(passAt1, ok);
    add(firstSample, right[0]);
    const vote = majorityVoteSync(preds, equal);
    add(majority, vote ? right[vote.index] : false);
    const stringWinner = majorityByString(preds);
    add(byString, stringWinner === undefined ? false : right[stringWinner]);
    if (reward && row.rmScores) {
      const best = bestByReward(row.rmScores);
      add(reward, best === undefined ? false : right[best]);
    }
  }

  const ks = new Set(rows.map((r) => r.responses.length));
  return {
    samples,
    predAgreement: {
      correct: samples.filter((s) => s.pred === s.officialPred).length,
      total: samples.length,
    },
    scoreAgreement: {
      correct: samples.filter((s) => (s.verdict === true) === s.officialScore).length,
      total: samples.length,
    },
    passAt1,
    firstSample,
    k: ks.size === 1 ? [...ks][0] : undefined,
    majority,
    majorityByString: byString,
    reward,
  };
}
