import { rasterizeStrokes } from './strokes';
import type { BinaryImage, GrayImage, RgbaImage } from './types';

/**
 * Synthetic pictures for the unit tests: a "page" of text-like lines (short
 * blobs of ink with word gaps), optionally tilted and lit unevenly.
 */
export function textLines(
  options: {
    width?: number;
    height?: number;
    lines?: number;
    charHeight?: number;
    tiltDegrees?: number;
  } = {},
): RgbaImage {
  const width = options.width ?? 600;
  const height = options.height ?? 300;
  const lines = options.lines ?? 4;
  const charHeight = options.charHeight ?? 20;
  const tilt = Math.tan(((options.tiltDegrees ?? 0) * Math.PI) / 180);
  const strokes: { points: [number, number][]; width: number }[] = [];
  const top = 40;
  const pitch = charHeight * 2.2;
  for (let l = 0; l < lines; l++) {
    const base = top + l * pitch + charHeight;
    let x = 40;
    let k = 0;
    while (x < width - 60) {
      const y = base + (x - width / 2) * tilt;
      // A letter: a vertical stroke, sometimes with a bowl, then a gap.
      strokes.push({
        points: [
          [x, y - charHeight],
          [x, y],
        ],
        width: 3,
      });
      if (k % 3 === 0)
        strokes.push({
          points: [
            [x, y - charHeight / 2],
            [x + charHeight / 2, y - charHeight / 2],
            [x + charHeight / 2, y],
            [x, y],
          ],
          width: 3,
        });
      x += k % 5 === 4 ? charHeight * 1.6 : charHeight * 0.8;
      k++;
    }
  }
  return rasterizeStrokes(strokes, width, height);
}

/** Multiplies an image by a left-to-right light falloff (1 → `dark`), as a lamp at one side. */
export function unevenLight(image: RgbaImage, dark = 0.35): RgbaImage {
  const out = new Uint8ClampedArray(image.data);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const f = 1 - (1 - dark) * (x / image.width);
      const p = (y * image.width + x) * 4;
      for (let c = 0; c < 3; c++) out[p + c] = (out[p + c] ?? 0) * f;
    }
  }
  return { width: image.width, height: image.height, data: out };
}

export function grayFrom(rows: number[][]): GrayImage {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  return { width, height, data: new Uint8ClampedArray(rows.flat()) };
}

export function binaryFrom(rows: string[]): BinaryImage {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const data = new Uint8Array(width * height);
  rows.forEach((row, y) => {
    for (let x = 0; x < width; x++) data[y * width + x] = row[x] === '#' ? 1 : 0;
  });
  return { width, height, data };
}

export function inkCount(image: BinaryImage): number {
  let n = 0;
  for (const v of image.data) n += v;
  return n;
}
