import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { type DatasetExample, parseGroundTruth, parseQuestion } from './datasets';

// The benchmark files live beside the repo (../shared/data), never inside the app;
// '' on a clone of the repo alone.
const dataDir = inject('sharedData');
const rows = (file: string): DatasetExample[] =>
  readFileSync(path.join(dataDir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as DatasetExample);

describe('parseGroundTruth', () => {
  it('gsm8k: the text after ####, thousands commas kept (the grader ignores them)', () => {
    expect(parseGroundTruth({ answer: 'She makes 9 * 2 = $18.\n#### 18' }, 'gsm8k')).toBe('18');
    expect(parseGroundTruth({ answer: 'so\n#### 2,125' }, 'gsm8k')).toBe('2,125');
    expect(() => parseGroundTruth({ answer: 'no marker' }, 'gsm8k')).toThrow(/####/);
  });

  it('math: the boxed answer of the solution, normalised twice', () => {
    const solution = 'Hence $x \\in \\boxed{[-2, 7]}$.';
    expect(parseGroundTruth({ solution }, 'math')).toBe('[-2,7]');
    expect(parseGroundTruth({ solution: 'We get $\\boxed{\\dfrac{1}{2}}$.' }, 'math')).toBe(
      '\\frac{1}{2}',
    );
  });

  it('math: from gt_cot when a row has gt_cot and gt (evaluation output), normalised once', () => {
    const row = { gt_cot: 'so $\\boxed{x \\in [-2,7]}$', gt: 'ignored' };
    expect(parseGroundTruth(row, 'math')).toBe('x\\in[-2,7]');
  });

  it('math500: the answer field', () => {
    expect(parseGroundTruth({ answer: 'x \\in [-2,7]' }, 'math500')).toBe('[-2,7]');
  });

  it('aime24: the answer field, zero padding dropped', () => {
    expect(parseGroundTruth({ answer: '025' }, 'aime24')).toBe('25');
  });

  it('amc23: the float answer as an integer', () => {
    expect(parseGroundTruth({ answer: 27.0 }, 'amc23')).toBe('27');
    expect(parseGroundTruth({ answer: -1.0 }, 'amc23')).toBe('-1');
    expect(parseGroundTruth({ answer: 0.5 }, 'amc23')).toBe('0.5');
  });

  it('names the missing field', () => {
    expect(() => parseGroundTruth({ problem: 'x' }, 'aime24')).toThrow(/"answer"/);
  });
});

describe.skipIf(!dataDir)('parseGroundTruth on the benchmark sets (needs ../shared/data)', () => {
  it('gsm8k', () => {
    expect(
      rows('gsm8k/test.jsonl')
        .slice(0, 3)
        .map((r) => parseGroundTruth(r, 'gsm8k')),
    ).toEqual(['18', '3', '70000']);
  });

  it('math500: equal to what the math path takes from the solution', () => {
    const all = rows('math500/test.jsonl');
    expect(all).toHaveLength(500);
    for (const r of all) expect(parseGroundTruth(r, 'math500')).toBe(parseGroundTruth(r, 'math'));
  });

  it('aime24', () => {
    expect(rows('aime24/test.jsonl').map((r) => parseGroundTruth(r, 'aime24'))).toContain('73');
  });

  it('amc23', () => {
    expect(
      rows('amc23/test.jsonl')
        .map((r) => parseGroundTruth(r, 'amc23'))
        .slice(0, 4),
    ).toEqual(['27', '36', '45', '3159']);
  });
});

describe('parseQuestion', () => {
  it('takes the first of question, problem, Question, input, trimmed', () => {
    expect(
      parseQuestion({ problem: ' What is 1+1? \n', question: 'Q', answer: '2' }, 'aime24'),
    ).toBe('Q');
    expect(parseQuestion({ problem: ' What is 1+1? \n', answer: '2' }, 'math500')).toBe(
      'What is 1+1?',
    );
  });

  it('adds (Yes or No) / (True or False) when the answer is one', () => {
    expect(parseQuestion({ question: 'Is 7 prime?', answer: 'Yes' }, 'aime24')).toBe(
      'Is 7 prime? (Yes or No)',
    );
    expect(parseQuestion({ question: 'Is 8 prime?', answer: 'so\n#### False' }, 'gsm8k')).toBe(
      'Is 8 prime? (True or False)',
    );
  });
});
