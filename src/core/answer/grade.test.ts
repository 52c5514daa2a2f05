import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  GradeInputError,
  type GradeReport,
  gradeRows,
  parseGradeRow,
  parseGradeRows,
  referenceAnswer,
} from './grade';
import { loadComputeEngineJudge } from './symbolic';

// ../shared/data/golden, beside the repo; '' on a clone of the repo alone.
const data = inject('sharedData');
const golden = data && path.join(data, 'golden', 'math_cot_graded.jsonl');

describe('parseGradeRow', () => {
  const ok = { responses: ['\\boxed{1}'], gt: '1', preds: ['1'], scores: [true] };

  it('accepts a row, with rm_scores flat or nested as in the official files', () => {
    expect(parseGradeRow(JSON.stringify(ok), 1).gt).toBe('1');
    expect(parseGradeRow(JSON.stringify({ ...ok, rm_scores: [[0.5]] }), 1).rmScores).toEqual([0.5]);
    expect(parseGradeRow(JSON.stringify({ ...ok, gt: 27.0 }), 1).gt).toBe('27');
  });

  it.each([
    ['{oops', /line 3 is not valid JSON/],
    ['[1]', /line 3 is not a JSON object/],
    [JSON.stringify({ ...ok, responses: [] }), /"responses" must be a non-empty array/],
    [JSON.stringify({ ...ok, gt: null }), /"gt" must be a string or a number/],
    [JSON.stringify({ ...ok, preds: [] }), /"preds" must be 1 strings/],
    [JSON.stringify({ ...ok, scores: ['yes'] }), /"scores" must be 1 booleans/],
    [JSON.stringify({ ...ok, rm_scores: [] }), /"rm_scores" must be 1 numbers/],
  ])('rejects %s with a line-numbered message', (text, message) => {
    expect(() => parseGradeRow(text, 3)).toThrow(GradeInputError);
    expect(() => parseGradeRow(text, 3)).toThrow(message);
  });

  it('skips blank lines, rejects an empty file', () => {
    expect(parseGradeRows(`\n${JSON.stringify(ok)}\n\n`)).toHaveLength(1);
    expect(() => parseGradeRows('\n')).toThrow(/no rows/);
  });

  it('takes the reference from the data-set fields when the row has them, else from gt', () => {
    const row = parseGradeRow(
      JSON.stringify({ ...ok, gt: '\\dfrac12', solution: '$\\boxed{3}$' }),
      1,
    );
    expect(referenceAnswer(row, 'math')).toBe('3');
    expect(referenceAnswer({ ...row, example: {} }, 'math')).toBe('\\frac{1}{2}');
  });
});

describe.skipIf(!golden)(
  'the golden file (400 official verdicts; needs ../shared/data/golden)',
  () => {
    let report: GradeReport;
    beforeAll(async () => {
      const rows = parseGradeRows(readFileSync(golden, 'utf8'));
      report = gradeRows(rows, { dataset: 'math', symbolic: await loadComputeEngineJudge() });
    });

    it('reproduces every official prediction and verdict', () => {
      expect(report.samples).toHaveLength(400);
      const differ = report.samples.filter(
        (s) => s.pred !== s.officialPred || (s.verdict === true) !== s.officialScore,
      );
      expect(differ).toEqual([]);
      expect(report.predAgreement).toEqual({ correct: 400, total: 400 });
      expect(report.scoreAgreement).toEqual({ correct: 400, total: 400 });
    });

    it('gives pass@1, Maj@8 and RM@8', () => {
      expect(report.k).toBe(8);
      expect(report.passAt1).toEqual({ correct: 349, total: 400 });
      expect(report.firstSample).toEqual({ correct: 44, total: 50 });
      expect(report.majority).toEqual({ correct: 45, total: 50 });
      expect(report.majorityByString).toEqual({ correct: 45, total: 50 });
      expect(report.reward).toEqual({ correct: 46, total: 50 });
    });
  },
);
