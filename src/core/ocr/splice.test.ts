import { describe, expect, it } from 'vitest';
import { rangeInRegion, spliceFormula } from './splice';

const read = 'Compute 99^2+99+1 in your head.';
const words = [
  { start: 0, end: 7, box: { x: 0.02, y: 0.2, width: 0.15, height: 0.5 } },
  { start: 8, end: 17, box: { x: 0.2, y: 0.2, width: 0.3, height: 0.5 } },
  { start: 18, end: 20, box: { x: 0.55, y: 0.2, width: 0.05, height: 0.5 } },
];
const region = { x: 0.18, y: 0, width: 0.36, height: 1 };

describe('spliceFormula', () => {
  it('replaces the words read from the selected part', () => {
    expect(rangeInRegion(words, region)).toEqual({ start: 8, end: 17 });
    expect(spliceFormula(read, read, words, region, '99^{2}+99+1')).toBe(
      'Compute $99^{2}+99+1$ in your head.',
    );
  });

  it('finds the same words in an edited problem, or else appends', () => {
    expect(spliceFormula(`Please ${read}`, read, words, region, 'x')).toBe(
      'Please Compute $x$ in your head.',
    );
    expect(spliceFormula('Something else', read, words, region, 'x')).toBe('Something else $x$');
    expect(spliceFormula('', read, words, { x: 0.9, y: 0.9, width: 0.05, height: 0.05 }, 'x')).toBe(
      '$x$',
    );
  });
});
