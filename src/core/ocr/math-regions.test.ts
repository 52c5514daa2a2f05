import { describe, expect, it } from 'vitest';
import { toGray } from '../image/grayscale';
import { rasterizeStrokes } from '../image/strokes';
import { thresholdGlobal } from '../image/threshold';
import { eraseRegions, findMathRegions } from './math-regions';

type Strokes = { points: [number, number][]; width: number }[];
const ink = (strokes: Strokes, width = 400, height = 200) =>
  thresholdGlobal(toGray(rasterizeStrokes(strokes, width, height)), 128);

/** A digit-like glyph: a box outline of the given size. */
const glyph = (x: number, y: number, w = 18, h = 30): Strokes => [
  {
    points: [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
      [x, y],
    ],
    width: 3,
  },
];
const bar = (x0: number, x1: number, y: number): Strokes => [
  {
    points: [
      [x0, y],
      [x1, y],
    ],
    width: 3,
  },
];

describe('findMathRegions', () => {
  it('finds a stacked fraction: a bar with a numerator above and a denominator below', () => {
    const image = ink([...glyph(100, 40), ...bar(90, 130, 82), ...glyph(100, 92)]);
    const { regions } = findMathRegions(image, 30);
    expect(regions).toHaveLength(1);
    const [fraction] = regions;
    expect(fraction?.kind).toBe('fraction');
    if (fraction?.kind !== 'fraction') return;
    expect(fraction.numerator.y1).toBeLessThanOrEqual(fraction.bar.y0 + 1);
    expect(fraction.denominator.y0).toBeGreaterThanOrEqual(fraction.bar.y1 - 1);
  });

  it('does not take a minus sign, an equals sign or an underline for a fraction bar', () => {
    const minus = ink([...glyph(40, 60), ...bar(80, 110, 75), ...glyph(130, 60)]);
    expect(findMathRegions(minus, 30).regions).toHaveLength(0);
    const equals = ink([...bar(80, 120, 70), ...bar(80, 120, 82)]);
    expect(findMathRegions(equals, 30).regions).toHaveLength(0);
    // Words above and below a long rule that runs past them on both sides.
    const rule = ink([...glyph(60, 40), ...glyph(100, 40), ...bar(20, 300, 80), ...glyph(60, 90)]);
    expect(findMathRegions(rule, 30).regions).toHaveLength(0);
  });

  it('finds a radical sign and what is under it', () => {
    const sign: Strokes = [
      {
        points: [
          [40, 90],
          [50, 85],
          [62, 118],
          [80, 40],
          [160, 40],
        ],
        width: 3,
      },
    ];
    const image = ink([...sign, ...glyph(95, 60), ...glyph(125, 60)]);
    const { regions } = findMathRegions(image, 30);
    expect(regions.map((r) => r.kind)).toEqual(['radical']);
    const [radical] = regions;
    if (radical?.kind !== 'radical') return;
    expect(radical.radicand.x0).toBeGreaterThanOrEqual(90);
    expect(radical.radicand.x1).toBeLessThanOrEqual(150);
  });

  it('does not take a letter with a hook (f, 7) for a radical', () => {
    const seven: Strokes = [
      {
        points: [
          [40, 40],
          [80, 40],
          [55, 110],
        ],
        width: 3,
      },
    ];
    expect(findMathRegions(ink(seven), 30).regions).toHaveLength(0);
  });

  it('finds a fraction whose digits touch the bar (small type)', () => {
    // Two small exponent-like glyphs hang from the bar's underside.
    const image = ink([
      ...glyph(100, 50, 18, 30),
      ...bar(80, 150, 86),
      ...glyph(96, 87, 10, 12),
      ...glyph(120, 87, 10, 12),
    ]);
    const { regions } = findMathRegions(image, 30);
    expect(regions.map((r) => r.kind)).toEqual(['fraction']);
  });

  it('erases a region by its pixels', () => {
    const image = ink([
      ...glyph(100, 40),
      ...bar(90, 130, 82),
      ...glyph(100, 92),
      ...glyph(250, 60),
    ]);
    const layout = findMathRegions(image, 30);
    const left = eraseRegions(image, layout.regions);
    let ink0 = 0;
    for (let y = 0; y < left.height; y++)
      for (let x = 0; x < 200; x++) ink0 += left.data[y * left.width + x] ?? 0;
    expect(ink0).toBe(0);
    expect(left.data.some((v) => v === 1)).toBe(true);
  });
});
