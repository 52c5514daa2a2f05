import { describe, expect, it } from 'vitest';
import { reusablePrefix } from './kv-reuse';

describe('reusablePrefix', () => {
  it('reuses everything cached when the new prompt only extends it', () => {
    expect(reusablePrefix([1, 2, 3], [1, 2, 3, 4, 5])).toBe(3);
  });

  it('stops at the first token that differs (a boundary tokenised differently)', () => {
    expect(reusablePrefix([1n, 2n, 3n, 9n, 9n], [1n, 2n, 3n, 4n, 5n, 6n])).toBe(3);
    expect(reusablePrefix([7, 2], [1, 2, 3])).toBe(0);
  });

  it('leaves at least one token to feed', () => {
    expect(reusablePrefix([1, 2, 3, 4], [1, 2, 3])).toBe(2);
    expect(reusablePrefix([1, 2, 3], [1, 2, 3])).toBe(2);
    expect(reusablePrefix([1], [1])).toBe(0);
    expect(reusablePrefix([], [1, 2])).toBe(0);
  });

  it('compares bigint and number ids by value', () => {
    expect(reusablePrefix([1n, 2n], [1, 2, 3])).toBe(2);
  });
});
