import { describe, expect, it } from 'vitest';
import { assessMath, overallConfidence, uncertainRanges } from './confidence';

const tok = (text: string, confidence: number) => ({
  text,
  confidence,
  x0: 0,
  x1: 0,
  y0: 0,
  y1: 0,
});

describe('confidence', () => {
  it('is the length-weighted mean word confidence, 0–1', () => {
    expect(overallConfidence([tok('abcd', 100), tok('ef', 40)])).toBeCloseTo(0.8);
    expect(overallConfidence([])).toBe(0);
  });

  it('marks where the doubtful words are in the cleaned text', () => {
    const text = 'If x^2 - 10 = 9990, what is x?';
    const ranges = uncertainRanges(text, [
      tok('If', 96),
      tok('x^2', 40),
      tok('\u2014', 90),
      tok('10', 95),
      tok('=', 96),
      tok('9990,', 50),
      tok('what', 96),
      tok('is', 96),
      tok('x?', 30),
    ]);
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(['x^2', '9990,', 'x?']);
  });
});

describe('assessMath', () => {
  it('calls prose prose and a formula a formula', () => {
    expect(
      assessMath('Grace weighs 125 pounds. How much does Alex weigh?', 0, 0.95).mathHeavy,
    ).toBe(false);
    expect(assessMath('1/(x^2 - 1) + 2/(x^2 - 2) = 2010x - 4', 4, 0.7).mathHeavy).toBe(true);
  });

  it('warns about a few structures read with low confidence', () => {
    expect(assessMath('Find the sum of 1/4 and 1/8 in lowest terms', 2, 0.55).mathHeavy).toBe(true);
    expect(assessMath('Find the sum of 1/4 and 1/8 in lowest terms', 2, 0.95).mathHeavy).toBe(
      false,
    );
  });
});
