import { describe, expect, it } from 'vitest';
import { renderSketch } from './sketch';
import { applyTransform, rotateQuarter, toNorm, toPixels } from './transform';
import type { RgbaImage } from './types';

/** A 3×2 picture whose pixels carry their own index in the red channel. */
function numbered(): RgbaImage {
  const data = new Uint8ClampedArray(3 * 2 * 4);
  for (let i = 0; i < 6; i++) data.set([i, 0, 0, 255], i * 4);
  return { width: 3, height: 2, data };
}
const reds = (img: RgbaImage) => [...img.data].filter((_, i) => i % 4 === 0);

describe('turning and cropping a picture', () => {
  it('turns by quarter turns clockwise', () => {
    // 0 1 2      90°: 3 0     180°: 5 4 3    270°: 2 5
    // 3 4 5           4 1           2 1 0          1 4
    //                 5 2                          0 3
    expect(reds(rotateQuarter(numbered(), 90))).toEqual([3, 0, 4, 1, 5, 2]);
    expect(reds(rotateQuarter(numbered(), 180))).toEqual([5, 4, 3, 2, 1, 0]);
    expect(reds(rotateQuarter(numbered(), 270))).toEqual([2, 5, 1, 4, 0, 3]);
    expect(rotateQuarter(numbered(), 90)).toMatchObject({ width: 2, height: 3 });
  });

  it('crops after turning, in fractions of the turned picture', () => {
    const big = { width: 100, height: 50, data: new Uint8ClampedArray(100 * 50 * 4) };
    const out = applyTransform(big, {
      rotate: 90,
      crop: { x: 0.5, y: 0, width: 0.5, height: 0.5 },
    });
    expect(out).toMatchObject({ width: 25, height: 50 });
    expect(toPixels({ x: -0.1, y: 0.5, width: 2, height: 0.25 }, 100, 40)).toEqual({
      x0: 0,
      y0: 20,
      x1: 100,
      y1: 30,
    });
    expect(toNorm({ x0: 10, y0: 5, x1: 60, y1: 25 }, 100, 50)).toEqual({
      x: 0.1,
      y: 0.1,
      width: 0.5,
      height: 0.4,
    });
  });
});

describe('renderSketch', () => {
  const stroke = (points: [number, number][], width = 3) => ({ points, width });
  it('draws a line of writing at the set height, with one pen width, whatever it was drawn at', () => {
    // "1" drawn 20 px tall with a 3 px pen, and again 200 px tall with a 30 px pen.
    const small = renderSketch(
      [
        stroke([
          [10, 10],
          [10, 30],
        ]),
      ],
      { lineHeight: 48, pen: 0.1 },
    );
    const large = renderSketch(
      [
        stroke(
          [
            [100, 100],
            [100, 300],
          ],
          30,
        ),
      ],
      { lineHeight: 48, pen: 0.1 },
    );
    expect(small).toMatchObject({ width: large?.width, height: large?.height });
    expect(small?.data).toEqual(large?.data);
    // 48 px of writing plus one line height of margin on each side.
    expect(small?.height).toBe(48 * 3);
    // The pen is 10% of the line height wide.
    const row = (small?.height ?? 0) >> 1;
    let ink = 0;
    for (let x = 0; x < (small?.width ?? 0); x++)
      if ((small?.data[(row * (small?.width ?? 0) + x) * 4] ?? 255) < 128) ink++;
    expect(ink).toBeGreaterThanOrEqual(4);
    expect(ink).toBeLessThanOrEqual(6);
  });

  it('takes the median line height over several lines, and honours the eraser', () => {
    const lines = [
      stroke([
        [0, 0],
        [0, 40],
      ]),
      stroke([
        [0, 100],
        [0, 140],
      ]),
      stroke([
        [0, 200],
        [0, 280],
      ]),
    ];
    expect(renderSketch(lines, { lineHeight: 40, pen: 0.1 })?.height).toBe(280 + 80);
    const erased = renderSketch(
      [
        stroke([
          [0, 0],
          [0, 40],
        ]),
        {
          points: [
            [0, 0],
            [0, 40],
          ],
          width: 20,
          erase: true,
        },
      ],
      { lineHeight: 40, pen: 0.1 },
    );
    expect([...(erased?.data ?? [])].every((v) => v === 255)).toBe(true);
    expect(renderSketch([])).toBeNull();
  });
});
