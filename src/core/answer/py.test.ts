import { describe, expect, it } from 'vitest';
import { isClose, pyFloat, pyFloatStr, pyStr, pyStrip, pyStripChars } from './py';

describe('Python compatibility', () => {
  it('float() accepts what Python accepts', () => {
    expect(pyFloat(' 12 ')).toBe(12);
    expect(pyFloat('1_000.5')).toBe(1000.5);
    expect(pyFloat('1e3')).toBe(1000);
    expect(pyFloat('.5')).toBe(0.5);
    expect(pyFloat('5.')).toBe(5);
    expect(pyFloat('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(pyFloat('nan')).toBeNaN();
  });

  it('float() rejects what Python rejects', () => {
    for (const s of ['', '1,000', '1__0', '_1', '0x10', '1/2', '\\frac{1}{2}', '5%', 'e5', '.']) {
      expect(pyFloat(s), s).toBeUndefined();
    }
  });

  it('prints floats as str() does', () => {
    expect(pyFloatStr(27)).toBe('27.0');
    expect(pyFloatStr(0.5)).toBe('0.5');
    expect(pyFloatStr(1e-5)).toBe('1e-05');
    expect(pyFloatStr(1e16)).toBe('1e+16');
    expect(pyFloatStr(123456.789)).toBe('123456.789');
    expect(pyFloatStr(-0.0001)).toBe('-0.0001');
    expect(pyStr(27)).toBe('27');
    expect(pyStr(2.5)).toBe('2.5');
  });

  it('strips the whitespace Python strips, and character sets', () => {
    expect(pyStrip('\x1c 5 \u3000')).toBe('5');
    expect(pyStrip('\ufeff5')).toBe('\ufeff5');
    expect(pyStripChars('[(1,2)]', '[]()')).toBe('1,2');
    expect(pyStripChars('5...', '.', 'right')).toBe('5');
    expect(pyStripChars('::5', ':', 'left')).toBe('5');
  });

  it('isclose with relative tolerance 1e-4', () => {
    expect(isClose(1, 1.00009)).toBe(true);
    expect(isClose(1, 1.0002)).toBe(false);
    expect(isClose(0, 0)).toBe(true);
    expect(isClose(0, 1e-9)).toBe(false);
    expect(isClose(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe(true);
    expect(isClose(Number.NaN, Number.NaN)).toBe(false);
  });
});
