import { beforeAll, describe, expect, it } from 'vitest';
import {
  choiceAnswerClean,
  judge,
  judgeSync,
  mathEqual,
  mathEqualSync,
  parseDigits,
} from './equal';
import { loadComputeEngineJudge, type SymbolicJudge, type SyncSymbolicJudge } from './symbolic';

let ce: SyncSymbolicJudge;
beforeAll(async () => {
  ce = await loadComputeEngineJudge();
});
const eq = (pred: string, ref: string) => mathEqualSync(pred, ref, { symbolic: ce });

// Verdicts without a symbolic step were checked against the official
// grader.py's math_equal; symbolic ones are what its sympy fallback decides.
describe('mathEqual: each kind of equivalence', () => {
  it('text, ignoring case and surrounding space', () => {
    expect(eq('Yes', 'yes')).toBe(true);
    expect(eq(' A ', 'a')).toBe(true);
  });

  it('choice letters against a letter reference', () => {
    expect(eq('(B) 5', 'B')).toBe(true);
    expect(eq('the answer is C', 'C')).toBe(true);
    expect(eq('(B) 5', 'C')).toBe(false);
  });

  it('numbers with relative tolerance 1e-4', () => {
    expect(eq('0.5', '0.50001')).toBe(true);
    expect(eq('3.14', '3.15')).toBe(false);
    expect(eq('1,000', '1000')).toBe(true);
    expect(eq('900000000', '900,000,000')).toBe(true); // golden file
    expect(eq('1e3', '1000')).toBe(true);
    expect(eq('-0', '0')).toBe(true);
    expect(eq('1.39', '12')).toBe(false); // golden file
  });

  it('numbers: the reference also as a percentage', () => {
    expect(eq('0.5', '50')).toBe(true);
    expect(eq('50', '0.5')).toBe(true);
    expect(eq('5000', '50')).toBe(true);
    expect(eq('50\\%', '0.5')).toBe(true);
    expect(mathEqualSync('0.5', '50', { includePercentage: false })).toBe(false);
    expect(mathEqualSync('0.50001', '0.5', { isClose: false })).toBe(false);
  });

  it('an empty prediction is never right', () => {
    expect(eq('', '0')).toBe(false);
  });

  it('brackets do not matter', () => {
    expect(eq('(1,2)', '1,2')).toBe(true);
    expect(eq('[1,2]', '(1,2)')).toBe(true);
  });

  it('tuples element-wise', () => {
    expect(eq('(1,4.5)', '(1,\\frac{9}{2})')).toBe(true); // grader.py example
    expect(eq('(1,2,3)', '(1,2)')).toBe(false);
    expect(eq('(2,1)', '(1,2)')).toBe(false);
  });

  it('intervals element-wise, open and closed ends alike (an official quirk)', () => {
    expect(eq('(0.6,2.6667]', '(\\frac{3}{5},\\frac{8}{3}]')).toBe(true); // grader.py example
    expect(eq('(1,2]', '[1,2)')).toBe(true);
  });

  it('matrices cell by cell', () => {
    expect(
      eq(
        '\\begin{pmatrix}0.5&2\\\\3&4\\end{pmatrix}',
        '\\begin{pmatrix}\\frac{1}{2}&2\\\\3&4\\end{pmatrix}',
      ),
    ).toBe(true);
    expect(eq('\\begin{pmatrix}1\\\\2\\end{pmatrix}', '\\begin{pmatrix}1\\\\3\\end{pmatrix}')).toBe(
      false,
    );
    expect(
      eq(
        '\\begin{pmatrix}-\\frac{7}{4}&-2\\\\4&\\frac{1}{4}\\end{pmatrix}',
        '\\begin{pmatrix}-1.75&-2\\\\4&0.25\\end{pmatrix}',
      ),
    ).toBe(true);
  });

  it('a pmatrix against a reference without one: as the official, which empties such a reference', () => {
    expect(eq('\\begin{pmatrix}1&2\\end{pmatrix}', '\\begin{bmatrix}1&2\\end{bmatrix}')).toBe(
      false,
    );
  });

  it('equations, up to sign', () => {
    expect(eq('y=2x+1', '2x+1=y')).toBe(true);
    expect(eq('-34x-45y+20z-100=0', '34x+45y-20z+100=0')).toBe(true); // grader.py example
    expect(eq('y=2x+1', 'y=2x+2')).toBe(false);
  });

  it('"x = 3" against 3, either side', () => {
    expect(eq('x=3', '3')).toBe(true);
    expect(eq('3', 'a=3')).toBe(true);
    expect(eq('x=4', '3')).toBe(false);
  });

  it('symbolic equality', () => {
    expect(eq('0.0833333333333333', '\\frac{1}{12}')).toBe(true); // grader.py examples from here on
    expect(eq('\\frac{x}{7}+\\frac{2}{7}', '\\frac{x+2}{7}')).toBe(true);
    expect(eq('\\sec^2(y)', '\\tan^2(y)+1')).toBe(true);
    expect(
      eq(
        '\\frac{\\sqrt{\\sqrt{11}+\\sqrt{194}}}{2\\sqrt{33}+15}',
        '\\frac{\\sqrt{\\sqrt{11}+\\sqrt{194}}}{15+2\\sqrt{33}}',
      ),
    ).toBe(true);
    expect(eq('\\frac{100}{3}', '33.3')).toBe(false);
    expect(eq('\\frac{1+\\sqrt{5}}{2}', '2')).toBe(false);
    expect(eq('x+1', 'x+2n+1')).toBe(false);
    expect(eq('2\\sqrt{2}', '\\sqrt{8}')).toBe(true);
    expect(eq('(x+1)^2', 'x^2+2x+1')).toBe(true);
  });

  it('symbolic numbers use the 1e-4 tolerance too', () => {
    expect(eq('7\\pi', '21.99')).toBe(true);
    expect(eq('\\frac{3}{8}', '\\frac{5}{16}')).toBe(false); // golden file
  });

  it('golden-file verdicts where the official grader is strict', () => {
    expect(eq('12\\frac{3}{5}', '12\\frac{3}{5}')).toBe(true);
    expect(eq('10000', '10{,}000')).toBe(false);
    expect(eq('9999\\frac{6}{7}', '10{,}000')).toBe(false);
  });

  it('reads a number before \\frac as a product, as sympy does', () => {
    expect(eq('12.6', '12\\frac{3}{5}')).toBe(false);
    expect(eq('7.2', '12\\frac{3}{5}')).toBe(true);
  });
});

describe('verdicts', () => {
  it("is 'unknown' when only the symbolic step could decide and it cannot", () => {
    expect(judgeSync('\\frac{1}{2}', '0.5')).toBe('unknown');
    expect(judgeSync('\\frac{1}{2}', '0.5', { symbolic: ce })).toBe(true);
    expect(judgeSync('\\frac{', '5', { symbolic: ce })).toBe('unknown');
    expect(mathEqualSync('\\frac{1}{2}', '0.5')).toBe(false);
  });

  it('asks an async judge the same questions the official grader asks sympy', async () => {
    const asked: string[] = [];
    const slow: SymbolicJudge = {
      equal: async (a, b) => {
        asked.push(`${a} | ${b}`);
        return a.startsWith('-(');
      },
    };
    expect(await judge('y=2x+1', '2x+1=y', { symbolic: slow })).toBe(true);
    expect(asked).toEqual(['y - (2x+1) | 2x+1 - (y)', '-(y - (2x+1)) | 2x+1 - (y)']);
  });

  it('mathEqual loads compute-engine when no judge is given', async () => {
    expect(await mathEqual('\\frac{1}{2}', '0.5')).toBe(true);
    expect(await mathEqual('\\frac{1}{2}', '0.5', { symbolic: null })).toBe(false);
  });
});

describe('helpers', () => {
  it('parseDigits reads commas and percentages', () => {
    expect(parseDigits('1,234.5')).toBe(1234.5);
    expect(parseDigits('50%')).toBe(0.5);
    expect(parseDigits('50\\%')).toBe(0.5);
    expect(parseDigits('\\frac{1}{2}')).toBeUndefined();
  });

  it('choiceAnswerClean takes the last standalone letter', () => {
    expect(choiceAnswerClean('(A) or (C).')).toBe('C');
    expect(choiceAnswerClean('CAB')).toBe('CAB');
    expect(choiceAnswerClean(':5.')).toBe('5');
  });
});
