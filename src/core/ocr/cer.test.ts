import { describe, expect, it } from 'vitest';
import { cer, cerCounts, editDistance, normalizeForCer } from './cer';

describe('CER', () => {
  it('is the Levenshtein distance over the reference length', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(cer('abd', 'abc')).toBeCloseTo(1 / 3);
    expect(cer('', '')).toBe(0);
  });

  it('normalises whitespace, minus signs and dashes, × and ÷ on both sides (data README)', () => {
    expect(normalizeForCer('  2 \u00D7 3 \u2212 4\n\u00F7 5 \u2014 6  ')).toBe('2 * 3 - 4 / 5 - 6');
    expect(cer('x \u2212 1', 'x - 1')).toBe(0);
    expect(cerCounts('a  b', 'a b')).toEqual({ edits: 0, length: 3 });
  });
});
