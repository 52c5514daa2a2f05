import { describe, expect, it } from 'vitest';
import { extractAnswer, extractPrediction, normalizeAnswer } from './extract';

// Expected values are the official extract_answer's / strip_string's.
describe('extractAnswer', () => {
  it('takes the last \\boxed{…}', () => {
    expect(extractAnswer('First \\boxed{2}, finally $\\boxed{\\dfrac{1}{2}}$.')).toBe(
      '\\frac{1}{2}',
    );
  });

  it('takes a brace-less \\boxed up to the next $', () => {
    expect(extractAnswer('so $\\boxed 5$ is it')).toBe('5');
  });

  it('takes what an unclosed box holds', () => {
    expect(extractAnswer('\\boxed{\\frac{1}{2}')).toBe('\\frac{1}{2}');
    expect(extractAnswer('\\boxed{\\frac{1}{2')).toBe('\\frac{1}{2');
  });

  it('is empty when "boxed" ends the text', () => {
    expect(extractAnswer('the answer is 5, \\boxed')).toBe('');
  });

  it('reads "the answer is" (the last one) when nothing is boxed', () => {
    expect(extractAnswer('The answer is 4. No wait, the answer is 5.')).toBe('5');
  });

  it('reads "final answer is"', () => {
    expect(extractAnswer('My final answer is 12 cm')).toBe('12');
  });

  it("reads Minerva's format", () => {
    expect(
      extractAnswer('Final Answer: The final answer is $\\frac{3}{4}$. I hope it is correct.'),
    ).toBe('\\frac{3}{4}');
  });

  it('reads 答案是 (first one, up to a blank line)', () => {
    expect(extractAnswer('所以答案是 3\n\n或者答案是 4')).toBe('3');
  });

  it('falls back to the last number, thousands commas ignored', () => {
    expect(extractAnswer('We get 1,234 apples and then -0.5')).toBe('-0.5');
    expect(extractAnswer('no numbers')).toBe('');
    expect(extractAnswer('it is 7', 'math', { useLastNumber: false })).toBe('');
  });

  it('drops line breaks, a leading colon and a trailing period or slash', () => {
    expect(extractAnswer('The answer is: 42.')).toBe('42');
    expect(extractAnswer('\\boxed{1\n  2}')).toBe('12');
  });

  it('drops the "ки" step tags of reward-model data', () => {
    expect(extractAnswer('step ки \\boxed{5}ки')).toBe('5');
  });

  it('reproduces the official example of an unfinished solution', () => {
    // parser.py _test_extract_answer: the text has no box and ends mid-formula
    const text = 'When we subtracted $7$ from $\\frac{386}{64}$, ...\n\n\\[\\frac{386}{64}\n';
    expect(extractAnswer(text, 'math', { useLastNumber: false })).toBe('');
    expect(extractAnswer(text)).toBe('64');
  });

  it('does not read \\fbox', () => {
    expect(extractAnswer('\\fbox{3} and 4')).toBe('4');
  });
});

describe('extractPrediction', () => {
  it('normalises twice, as run_execute does', () => {
    expect(extractAnswer('\\boxed{x \\in [-2, 7]}')).toBe('x\\in[-2,7]');
    expect(extractPrediction('\\boxed{x \\in [-2, 7]}')).toBe('[-2,7]');
  });

  it('matches golden-file predictions', () => {
    expect(extractPrediction('Therefore, the answer is \\(\\boxed{\\frac{3}{8}}\\).')).toBe(
      '\\frac{3}{8}',
    );
    expect(extractPrediction('the mean is \\(\\boxed{9999 \\frac{6}{7}}\\)')).toBe(
      '9999\\frac{6}{7}',
    );
    expect(extractPrediction('\\boxed{900,000,000}')).toBe('900,000,000');
  });
});

describe('normalizeAnswer', () => {
  it('normalises a bare answer as it would be inside a box', () => {
    for (const a of ['x = 3', '\\dfrac12', '50\\%', '5\\text{ cm}', '1/2', 'x \\in [-2, 7]']) {
      expect(normalizeAnswer(a)).toBe(extractPrediction(`\\boxed{${a}}`));
    }
  });
});
