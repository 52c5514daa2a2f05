import { describe, expect, it } from 'vitest';
import { findBoxed, lastBoxed } from './boxed';

describe('lastBoxed', () => {
  it('takes the last box, braces balanced', () => {
    expect(lastBoxed('a \\boxed{1} then \\boxed{\\frac{1}{2}} done')).toBe('\\frac{1}{2}');
    expect(lastBoxed('$\\boxed{\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}}$')).toBe(
      '\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}',
    );
  });

  it('counts escaped braces like any other, as the official parser does', () => {
    expect(lastBoxed('\\boxed{\\{1,2\\}}')).toBe('\\{1,2\\}');
  });

  it('reads a brace-less box up to the next $', () => {
    expect(lastBoxed('so $\\boxed 5$.')).toBe('5');
    expect(lastBoxed('\\boxed 12 cm')).toBe('12 cm');
  });

  it('is undefined with no box, or while the last box is open', () => {
    expect(lastBoxed('no answer yet')).toBeUndefined();
    expect(lastBoxed('\\boxed{3} and now \\boxed{1')).toBeUndefined();
    expect(lastBoxed('ends with \\boxed')).toBeUndefined();
    expect(lastBoxed('an empty \\boxed{ }')).toBeUndefined();
  });

  it('ignores \\fbox, which the official parser does not read', () => {
    expect(lastBoxed('\\fbox{3}')).toBeUndefined();
  });

  it('keeps the raw text (no normalisation)', () => {
    expect(lastBoxed('\\boxed{\\dfrac{1}{2}\\text{ cm}}')).toBe('\\dfrac{1}{2}\\text{ cm}');
  });
});

describe('findBoxed', () => {
  it('returns an unclosed box with everything after it, as extraction does', () => {
    expect(findBoxed('\\boxed{\\frac{1}{2')).toEqual({ content: '\\frac{1}{2', closed: false });
  });

  it('takes any "boxed", even in prose, as the official split on "boxed" does', () => {
    expect(findBoxed('\\boxed{5}. The boxed value is 7')).toEqual({
      content: 'value is 7',
      closed: true,
    });
  });
});
