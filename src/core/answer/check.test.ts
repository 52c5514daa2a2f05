import { describe, expect, it } from 'vitest';
import { checkAnswer, plainToLatex } from './check';

describe('checkAnswer', () => {
  it.each([
    ['1/2', '\\frac{1}{2}'],
    ['0.5', '\\dfrac{1}{2}'],
    ['\\frac12', '\\frac{1}{2}'],
    ['x=3', '3'],
    ['x = 3', 'x=3'],
    ['three', '3'],
    ['50%', '50'],
    ['1.25', '1\\frac{1}{4}'],
    ['(1, 2)', '(1,2)'],
    ['2 sqrt(2)', '2\\sqrt{2}'],
    ['\\sqrt8', '2\\sqrt{2}'],
    ['5 cm', '5\\text{ cm}'],
    ['√8', '2\\sqrt{2}'],
    ['2pi', '2\\pi'],
    ['−4', '-4'],
  ])('%s is right for %s', async (student, model) => {
    expect(await checkAnswer(student, model)).toEqual({ correct: true });
  });

  it.each([
    ['2', '3'],
    ['1/3', '0.33'],
    ['', '3'],
    ['(2, 1)', '(1,2)'],
  ])('%s is not right for %s', async (student, model) => {
    expect(await checkAnswer(student, model)).toEqual({ correct: false });
  });

  it("says it can't tell when it cannot read the answer", async () => {
    expect(await checkAnswer('\\frac{1', '\\frac{1}{2}')).toEqual({ correct: 'unknown' });
  });
});

describe('plainToLatex', () => {
  it('turns typed math into LaTeX and leaves LaTeX alone', () => {
    expect(plainToLatex('sqrt(x+(1))/2')).toBe('\\sqrt{x+(1)}/2');
    expect(plainToLatex('√3 + √(2)')).toBe('\\sqrt{3} + \\sqrt{2}');
    expect(plainToLatex('2π')).toBe('2\\pi ');
    expect(plainToLatex('\\pi + \\sqrt{2} + spin')).toBe('\\pi + \\sqrt{2} + spin');
    expect(plainToLatex('sqrt(2')).toBe('sqrt(2');
  });
});
