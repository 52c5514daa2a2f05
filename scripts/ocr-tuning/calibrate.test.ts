import { describe, expect, it } from 'vitest';
import { alignWords, isotonic, type ScoredWord } from './calibrate';

describe('calibration tools', () => {
  it('marks the words that equal the reference word they align to', () => {
    expect(
      alignWords(['Find', 'z', 'if', '3x', '=', '12'], ['Find', 'x', 'if', '3x', '=', '12']),
    ).toEqual([true, false, true, true, true, true]);
    expect(alignWords(['a', 'extra', 'b'], ['a', 'b'])).toEqual([true, false, true]);
  });

  it('fits a monotone table from confidence to the share of right words', () => {
    const words: ScoredWord[] = [];
    for (let i = 0; i < 400; i++) {
      const raw = i / 400;
      // Right about raw² of the time: an over-confident recogniser.
      words.push({
        text: 'w',
        raw,
        shown: raw,
        math: false,
        right: (i * 7919) % 400 < raw * raw * 400,
      });
    }
    const knots = isotonic(words);
    expect(knots[0]?.[0]).toBe(0);
    expect(knots.at(-1)?.[0]).toBe(1);
    for (let k = 1; k < knots.length; k++)
      expect(knots[k]?.[1]).toBeGreaterThanOrEqual(knots[k - 1]?.[1] ?? 0);
    const near = (x: number) =>
      knots.reduce((a, b) => (Math.abs(b[0] - x) < Math.abs(a[0] - x) ? b : a));
    expect(near(0.5)[1]).toBeGreaterThan(0.1);
    expect(near(0.5)[1]).toBeLessThan(0.45);
  });
});
