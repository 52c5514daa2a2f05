import { describe, expect, it } from 'vitest';
import { filterComponents, labelComponents } from './components';
import { cropBinary, cropGray, inkBounds, padBox, padGray } from './crop';
import { estimateSkew, rotateGray } from './deskew';
import { histogram, median, normalizePolarity, percentile, toGray } from './grayscale';
import { localMean } from './local-mean';
import { dilate, estimateStrokeWidth } from './morphology';
import { stretchContrast } from './normalize';
import { decodePgm, encodePgm } from './pnm';
import { fitWithin, resizeGray, resizeRgba } from './resize';
import { rasterizeStrokes } from './strokes';
import { binaryFrom, grayFrom, inkCount, textLines, unevenLight } from './test-images';
import { estimateTextHeight } from './text-size';
import { otsuLevel, sauvola, thresholdGlobal } from './threshold';
import { binaryToGray } from './types';

const rgba = (pixels: number[][]) => ({
  width: pixels.length,
  height: 1,
  data: new Uint8ClampedArray(pixels.flat()),
});

describe('toGray', () => {
  it('weighs channels as Rec. 601 luma', () => {
    const gray = toGray(
      rgba([
        [255, 0, 0, 255],
        [0, 255, 0, 255],
        [0, 0, 255, 255],
        [255, 255, 255, 255],
      ]),
    );
    expect([...gray.data]).toEqual([76, 150, 29, 255]);
  });

  it('composites transparency over white, so a transparent sketch is not black on black', () => {
    const gray = toGray(
      rgba([
        [0, 0, 0, 0],
        [0, 0, 0, 255],
        [0, 0, 0, 128],
      ]),
    );
    expect([...gray.data]).toEqual([255, 0, 127]);
  });
});

describe('normalizePolarity', () => {
  it('inverts light text on a dark background and leaves dark text alone', () => {
    const dark = grayFrom([[20, 20, 20, 230]]);
    expect(normalizePolarity(dark).inverted).toBe(true);
    expect([...normalizePolarity(dark).image.data]).toEqual([235, 235, 235, 25]);
    expect(normalizePolarity(grayFrom([[240, 240, 10]])).inverted).toBe(false);
  });
});

describe('histogram and percentiles', () => {
  it('finds the median and the percentiles of the pixel values', () => {
    const gray = grayFrom([[0, 10, 20, 30, 40, 50, 60, 70, 80, 90]]);
    expect(histogram(gray)[30]).toBe(1);
    expect(median(gray)).toBe(50);
    expect(percentile(histogram(gray), 0)).toBe(0);
    expect(percentile(histogram(gray), 0.99)).toBe(90);
  });
});

describe('stretchContrast', () => {
  it('maps the low and high percentiles to black and white', () => {
    const gray = grayFrom([Array.from({ length: 200 }, (_, i) => 100 + (i % 50))]);
    const out = stretchContrast(gray, 0, 1);
    expect(Math.min(...out.data)).toBe(0);
    expect(Math.max(...out.data)).toBe(255);
  });

  it('leaves a flat image alone', () => {
    const flat = grayFrom([[128, 129, 130]]);
    expect(stretchContrast(flat)).toBe(flat);
  });
});

describe('resize', () => {
  it('averages every source pixel when reducing, so thin lines survive as gray', () => {
    const stripes = grayFrom(Array.from({ length: 4 }, () => [0, 255, 0, 255, 0, 255, 0, 255]));
    const half = resizeGray(stripes, 4, 2);
    expect(half.width).toBe(4);
    for (const v of half.data) expect(v).toBeGreaterThan(80);
    for (const v of half.data) expect(v).toBeLessThan(175);
  });

  it('keeps a flat colour flat and resizes RGBA per channel', () => {
    const image = { width: 10, height: 10, data: new Uint8ClampedArray(400).fill(200) };
    const out = resizeRgba(image, 3, 7);
    expect(out.data.length).toBe(3 * 7 * 4);
    expect(new Set(out.data)).toEqual(new Set([200]));
  });

  it('enlarges bilinearly', () => {
    const out = resizeGray(grayFrom([[0, 255]]), 4, 1);
    expect(out.data[0]).toBeLessThan(out.data[3] ?? 0);
  });

  it('fits a 12000×9000 photo into a working size', () => {
    expect(fitWithin(12000, 9000, 2400)).toEqual({ width: 2400, height: 1800, scale: 0.2 });
    expect(fitWithin(800, 600, 2400).scale).toBe(1);
  });
});

describe('thresholds', () => {
  it("Otsu's level separates two populations", () => {
    const gray = grayFrom([[10, 12, 14, 200, 210, 220]]);
    const level = otsuLevel(gray);
    expect(level).toBeGreaterThanOrEqual(14);
    expect(level).toBeLessThan(200);
    expect([...thresholdGlobal(gray, level).data]).toEqual([1, 1, 1, 0, 0, 0]);
  });

  it('Sauvola keeps the text and drops the shadow of uneven light, where a global threshold fails', () => {
    const clean = toGray(textLines());
    const lit = toGray(unevenLight(textLines(), 0.3));
    const truth = thresholdGlobal(clean, 128);
    const local = sauvola(lit, { window: 61, k: 0.3 });
    const global = thresholdGlobal(lit, otsuLevel(lit));
    const errors = (b: { data: Uint8Array }) =>
      b.data.reduce((n, v, i) => n + (v !== truth.data[i] ? 1 : 0), 0);
    expect(errors(local)).toBeLessThan(inkCount(truth) * 0.2);
    expect(errors(global)).toBeGreaterThan(errors(local) * 5);
  });
});

describe('localMean', () => {
  it('averages over the window, clipped at the edges', () => {
    const mean = localMean(grayFrom([[0, 90, 180]]), 3);
    expect([...mean]).toEqual([45, 90, 135]);
  });
});

describe('connected components', () => {
  it('labels 8-connected blobs with their boxes and areas', () => {
    const image = binaryFrom(['##..#', '.#..#', '..#..', '.....', '###..']);
    const { components } = labelComponents(image);
    expect(components.map((c) => [c.x0, c.y0, c.x1, c.y1, c.area])).toEqual([
      [0, 0, 3, 3, 4],
      [4, 0, 5, 2, 2],
      [0, 4, 3, 5, 3],
    ]);
  });

  it('merges labels that meet further down (a U shape)', () => {
    const { components } = labelComponents(binaryFrom(['#.#', '#.#', '###']));
    expect(components).toHaveLength(1);
  });

  it('filters components by a predicate', () => {
    const image = binaryFrom(['#...#', '....#', '....#']);
    const kept = filterComponents(image, labelComponents(image), (c) => c.area > 1);
    expect(inkCount(kept)).toBe(3);
  });
});

describe('deskew', () => {
  it('finds the tilt of text lines within a fraction of a degree', () => {
    for (const degrees of [-6, -2, 0, 3, 8]) {
      const ink = sauvola(toGray(textLines({ tiltDegrees: degrees, height: 360 })), { window: 61 });
      const found = (estimateSkew(ink) * 180) / Math.PI;
      expect(Math.abs(found - degrees)).toBeLessThan(0.5);
    }
  });

  it('straightens: after rotating by the estimate, the tilt is gone', () => {
    const gray = toGray(textLines({ tiltDegrees: 5, height: 360 }));
    const angle = estimateSkew(sauvola(gray, { window: 61 }));
    const level = rotateGray(gray, angle);
    expect(level.width).toBeGreaterThan(gray.width);
    const again = (estimateSkew(sauvola(level, { window: 61 })) * 180) / Math.PI;
    expect(Math.abs(again)).toBeLessThan(0.4);
  });

  it('returns 0 for an empty page', () => {
    expect(estimateSkew(binaryFrom(['....', '....']))).toBe(0);
  });
});

describe('crop', () => {
  it('finds the ink bounds and crops gray and binary alike', () => {
    const ink = binaryFrom(['.....', '..#..', '...#.', '.....']);
    const box = inkBounds(ink);
    expect(box).toEqual({ x0: 2, y0: 1, x1: 4, y1: 3 });
    if (!box) return;
    expect(cropBinary(ink, box).data).toEqual(new Uint8Array([1, 0, 0, 1]));
    expect([...cropGray(binaryToGray(ink), box).data]).toEqual([0, 255, 255, 0]);
    expect(padBox(box, 5, 5, 4)).toEqual({ x0: 0, y0: 0, x1: 5, y1: 4 });
    expect(inkBounds(binaryFrom(['...']))).toBeNull();
  });

  it('pads with white', () => {
    const padded = padGray(grayFrom([[0]]), 1);
    expect([...padded.data]).toEqual([255, 255, 255, 255, 0, 255, 255, 255, 255]);
  });
});

describe('PGM', () => {
  it('round-trips a gray image', () => {
    const gray = grayFrom([
      [0, 128],
      [255, 7],
    ]);
    const bytes = encodePgm(gray);
    expect(new TextDecoder().decode(bytes.subarray(0, 11))).toBe('P5\n2 2\n255\n');
    expect(decodePgm(bytes)).toEqual(gray);
  });
});

describe('text size and strokes', () => {
  it('estimates the character height of a page of text', () => {
    const ink = sauvola(toGray(textLines({ charHeight: 24 })), { window: 61 });
    const h = estimateTextHeight(ink);
    expect(h).toBeGreaterThanOrEqual(24);
    expect(h).toBeLessThanOrEqual(29);
  });

  it('measures the pen width and thickens hairlines', () => {
    const thin = rasterizeStrokes(
      [
        {
          points: [
            [10, 5],
            [10, 60],
          ],
          width: 2,
        },
        {
          points: [
            [30, 5],
            [30, 60],
          ],
          width: 2,
        },
      ],
      50,
      70,
    );
    const ink = thresholdGlobal(toGray(thin), 128);
    expect(estimateStrokeWidth(ink)).toBe(2);
    expect(estimateStrokeWidth(dilate(ink, 2))).toBe(6);
  });
});
