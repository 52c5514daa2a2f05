import { describe, expect, it } from 'vitest';
import { type LineMetrics, lineMetrics, lineText, scriptPosition } from './layout';
import type { OcrLine, OcrSymbol, OcrWord } from './types';

/** Symbols on a baseline at y = 100 with capitals 40 px tall. */
const sym = (
  text: string,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  confidence = 95,
): OcrSymbol => ({
  text,
  confidence,
  bbox: { x0, y0, x1, y1 },
});

function word(symbols: OcrSymbol[], confidence = 95): OcrWord {
  return {
    text: symbols.map((s) => s.text).join(''),
    confidence,
    bbox: {
      x0: Math.min(...symbols.map((s) => s.bbox.x0)),
      y0: Math.min(...symbols.map((s) => s.bbox.y0)),
      x1: Math.max(...symbols.map((s) => s.bbox.x1)),
      y1: Math.max(...symbols.map((s) => s.bbox.y1)),
    },
    symbols,
  };
}

const line = (words: OcrWord[]): OcrLine => ({
  bbox: { x0: 0, y0: 40, x1: 1000, y1: 110 },
  words,
});

describe('line metrics', () => {
  it('finds the baseline and cap height from ordinary letters', () => {
    const metrics = lineMetrics(
      line([
        word([sym('T', 0, 60, 20, 100), sym('y', 22, 70, 40, 112), sym('x', 42, 72, 60, 100)]),
      ]),
    );
    expect(metrics).toEqual({ baseline: 100, capHeight: 40 });
  });
});

describe('script positions', () => {
  const metrics: LineMetrics = { baseline: 100, capHeight: 40 };

  it('tells superscripts, subscripts, centred dots and ordinary symbols apart', () => {
    expect(scriptPosition(sym('2', 0, 55, 15, 80), metrics)).toBe('super');
    expect(scriptPosition(sym('5', 0, 84, 15, 110), metrics)).toBe('sub');
    expect(scriptPosition(sym('-', 0, 76, 9, 85), metrics)).toBe('cdot');
    expect(scriptPosition(sym('-', 0, 78, 30, 82), metrics)).toBe('normal');
    expect(scriptPosition(sym('p', 0, 72, 20, 112), metrics)).toBe('normal');
    expect(scriptPosition(sym("'", 0, 58, 5, 70), metrics)).toBe('normal');
    expect(scriptPosition(sym('=', 0, 60, 30, 75), metrics)).toBe('normal');
  });

  it('writes exponents with ^ and indices with _', () => {
    const text = lineText(
      line([
        word([
          sym('T', -200, 60, -180, 100),
          sym('h', -178, 60, -160, 100),
          sym('e', -158, 72, -140, 100),
          sym('n', -138, 72, -120, 100),
        ]),
        word([sym('x', 0, 72, 20, 100), sym('2', 22, 55, 35, 80)]),
        word([sym('+', 50, 70, 70, 95)]),
        word([
          sym('1', 80, 60, 95, 100),
          sym('0', 97, 60, 115, 100),
          sym('1', 118, 50, 128, 75),
          sym('2', 130, 50, 142, 75),
        ]),
        word([sym('a', 160, 72, 180, 100), sym('n', 182, 86, 195, 110)]),
      ]),
    );
    expect(text).toBe('Then x^2 + 10^12 a_n');
  });

  it('never starts a word with a superscript (that is a quote or a stray mark)', () => {
    expect(lineText(line([word([sym('2', 0, 55, 15, 80), sym('x', 17, 72, 35, 100)])]))).toBe('2x');
  });

  it('splices insertions in by x position', () => {
    const text = lineText(
      line([
        word([sym('b', 0, 60, 20, 100), sym('y', 22, 70, 40, 110)]),
        word([sym(',', 200, 95, 205, 105)]),
      ]),
      [{ box: { x0: 60, y0: 40, x1: 120, y1: 130 }, text: '2/3', confidence: 90 }],
    );
    expect(text).toBe('by 2/3 ,');
  });
});
