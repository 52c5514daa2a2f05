import { describe, expect, it } from 'vitest';
import { formatDuration, RateMeter } from './rate';

describe('RateMeter', () => {
  it('measures bytes per second over the recent window and the time left', () => {
    const meter = new RateMeter();
    expect(meter.estimate(1000)).toEqual({});
    for (let s = 0; s <= 10; s++) meter.add({ ms: s * 1000, bytes: s * 100 });
    expect(meter.estimate(2000)).toEqual({ bytesPerSecond: 100, secondsLeft: 10 });
  });

  it('shows a stall at once and starts over when the bytes go back', () => {
    const meter = new RateMeter();
    for (let s = 0; s <= 4; s++) meter.add({ ms: s * 1000, bytes: s * 1000 });
    for (let s = 5; s <= 12; s++) meter.add({ ms: s * 1000, bytes: 4000 });
    expect(meter.estimate(10_000)).toEqual({ bytesPerSecond: 0 });
    meter.add({ ms: 13_000, bytes: 10 });
    expect(meter.estimate(10_000)).toEqual({});
  });

  it('formats durations', () => {
    expect(formatDuration(44.6)).toBe('45 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(3 * 3600 + 120)).toBe('3 h 2 min');
  });
});
