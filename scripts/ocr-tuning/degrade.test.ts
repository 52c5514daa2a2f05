import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { labelComponents } from '../../src/core/image/components';
import type { RgbaImage } from '../../src/core/image/types';
import { preprocess } from '../../src/core/ocr/preprocess';
import { mulberry32 } from '../../src/core/random';
import { decodePng, photoDegradation, photograph, TABLES, warp } from './degrade';

const WHITE: [number, number, number] = [255, 255, 255];

/** A white sheet with black rectangles at the given places. */
function sheet(width: number, height: number, marks: [number, number, number, number][]) {
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (const [x0, y0, w, h] of marks)
    for (let y = y0; y < y0 + h; y++)
      for (let x = x0; x < x0 + w; x++) data.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
  return { width, height, data };
}

const darkPixels = (image: RgbaImage) => {
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) if ((image.data[i] ?? 255) < 128) n++;
  return n;
};

const png = (image: RgbaImage) =>
  sharp(Buffer.from(image.data.buffer), {
    raw: { width: image.width, height: image.height, channels: 4 },
  })
    .png()
    .toBuffer();

describe('photo degradations of the tuning set', () => {
  it('keeps the whole sheet in the picture when it turns a wide card and tilts it', () => {
    // Marks in the four corners of a wide card: a 6° turn moves the corners of
    // an 800 px wide card by ±42 px, more than the margin of table around it.
    const card = sheet(800, 120, [
      [0, 0, 10, 10],
      [790, 0, 10, 10],
      [790, 110, 10, 10],
      [0, 110, 10, 10],
    ]);
    for (const [seed, rotate] of [
      [1, 6],
      [2, -6],
      [3, 3],
    ] as const) {
      const out = warp(card, rotate, 0.045, mulberry32(seed), WHITE, 10);
      expect(out.height).toBeGreaterThan(120 + 2 * 10);
      // Every mark is still there (perspective changes its area a little).
      expect(darkPixels(out)).toBeGreaterThan(0.75 * 400);
      // …and the border of the frame is table, not sheet.
      for (let x = 0; x < out.width; x++) {
        expect(out.data[x * 4]).toBe(255);
        expect(out.data[((out.height - 1) * out.width + x) * 4]).toBe(255);
      }
    }
  });

  it('makes photos whose table and paper the binariser does not read as ink', async () => {
    // Three lines of eight "words" (bars one x-height tall): the photo must
    // keep them as about 24 blobs of ink, not bury them in grain read as ink.
    const words: [number, number, number, number][] = [];
    for (let line = 0; line < 3; line++)
      for (let word = 0; word < 8; word++) words.push([40 + word * 90, 40 + line * 50, 64, 18]);
    const bytes = await png(sheet(800, 200, words));
    for (let seed = 1; seed <= 4; seed++) {
      const rand = mulberry32(seed);
      const d = photoDegradation(rand);
      const table = TABLES[seed % TABLES.length] as [number, number, number];
      const photo = await photograph(bytes, d, rand, table);
      const decoded = await sharp(photo.bytes).ensureAlpha().png().toBuffer();
      const { ink } = preprocess(await decodePng(decoded));
      const blobs = labelComponents(ink).components.length;
      expect(blobs, `seed ${seed}: ${JSON.stringify(d)}`).toBeGreaterThanOrEqual(20);
      expect(blobs, `seed ${seed}: ${JSON.stringify(d)}`).toBeLessThanOrEqual(30);
    }
  });
});
