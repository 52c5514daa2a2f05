import { describe, expect, it } from 'vitest';
import { toGray } from '../image/grayscale';
import { findSheet } from '../image/sheet';
import { inkCount, onTable, textLines } from '../image/test-images';
import { cropRgba } from '../image/transform';
import { preprocess } from './preprocess';

// Four lines of text-like marks, 40 px in from the page's edges.
const page = textLines({ width: 600, height: 300, charHeight: 20 });
const textInk = inkCount(preprocess(page).ink);

describe('reading only inside the sheet', () => {
  it('drops the table and the sheet edge of a photo: the same ink as the page alone', () => {
    // Turned 3°, on a grained table, the light falling to 60% across the picture.
    const photo = onTable(page, { turnDegrees: 3, table: 110, grain: 25, dark: 0.6 });
    const whole = preprocess(photo, { sheet: false });
    // Without the mask the edge and the grain become ink: more than twice the text's.
    expect(inkCount(whole.ink)).toBeGreaterThan(2 * textInk);
    const out = preprocess(photo);
    expect(out.sheet).toBe(true);
    expect(inkCount(out.ink)).toBeGreaterThan(0.9 * textInk);
    expect(inkCount(out.ink)).toBeLessThan(1.1 * textInk);
    // Cropped to the text, not to the sheet or the frame.
    const plain = preprocess(page);
    expect(out.image.width).toBeLessThan(plain.image.width * 1.05);
    expect(out.image.height).toBeLessThan(plain.image.height * 1.1);
  });

  it('keeps text close to the sheet edge', () => {
    // The page cut so that the text starts 15 px (2.6% of the width) from its top and left edges.
    const tight = cropRgba(page, { x0: 25, y0: 25, x1: 560, y1: 300 });
    const photo = onTable(tight, { turnDegrees: -4, table: 150, grain: 30 });
    const mask = findSheet(toGray(photo));
    expect(mask).not.toBeNull();
    // Every pixel of the text (ink is 17; this table never goes below 120) is inside the mask.
    let lost = 0;
    for (let i = 0; i < photo.width * photo.height; i++)
      if ((photo.data[i * 4] ?? 255) < 40 && !mask?.data[i]) lost++;
    expect(lost).toBe(0);
    const out = preprocess(photo);
    expect(out.sheet).toBe(true);
    expect(inkCount(out.ink)).toBeGreaterThan(0.9 * textInk);
  });

  it('changes nothing without a background: a scan, a screenshot, text at the frame', () => {
    for (const picture of [
      page,
      // Text cut by the frame on two sides, as in a tight screenshot.
      cropRgba(page, { x0: 45, y0: 42, x1: 580, y1: 200 }),
      // A whole page lit unevenly, a lamp at one side.
      onTable(page, { margin: 0, dark: 0.5 }),
    ]) {
      expect(findSheet(toGray(picture))).toBeNull();
      const out = preprocess(picture);
      expect(out.sheet).toBe(false);
      expect(out.image.data).toEqual(preprocess(picture, { sheet: false }).image.data);
    }
  });
});
