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

/**
 * `page` as a phone sees it on a table: turned by `turnDegrees` about its
 * centre, `margin` pixels of table around it, the table `table` grey with a
 * wood-like grain of ±`grain` levels. Light falls off across the whole
 * picture (table and sheet alike) down to `dark`.
 */
export function onTable(
  page: RgbaImage,
  options: {
    turnDegrees?: number;
    margin?: number;
    table?: number;
    grain?: number;
    dark?: number;
  } = {},
): RgbaImage {
  const margin = options.margin ?? 60;
  const table = options.table ?? 110;
  const grain = options.grain ?? 25;
  const dark = options.dark ?? 1;
  const angle = ((options.turnDegrees ?? 0) * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const half = { x: page.width / 2, y: page.height / 2 };
  const extent = {
    x: Math.abs(half.x * cos) + Math.abs(half.y * sin),
    y: Math.abs(half.x * sin) + Math.abs(half.y * cos),
  };
  const width = Math.ceil(2 * (extent.x + margin));
  const height = Math.ceil(2 * (extent.y + margin));
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Back into the page's own coordinates (nearest pixel).
      const dx = x + 0.5 - width / 2;
      const dy = y + 0.5 - height / 2;
      const px = Math.floor(cos * dx + sin * dy + half.x);
      const py = Math.floor(-sin * dx + cos * dy + half.y);
      let v: number;
      if (px >= 0 && py >= 0 && px < page.width && py < page.height) {
        v = page.data[(py * page.width + px) * 4] ?? 255;
      } else {
        // Grain: slow stripes along x plus a fine hash, fixed so tests repeat.
        const hash = Math.sin(x * 12.9898 + y * 78.233) * 43758.5453;
        v =
          table +
          grain *
            (0.6 * Math.sin(y / 7 + Math.sin(x / 40)) + 0.4 * (2 * (hash - Math.floor(hash)) - 1));
      }
      const light = 1 - (1 - dark) * (x / width);
      const p = (y * width + x) * 4;
      data[p] = data[p + 1] = data[p + 2] = v * light;
      data[p + 3] = 255;
    }
  }
  return { width, height, data };
}
