import { describe, expect, it } from 'vitest';
import { inkBounds } from '../image/crop';
import { binaryFrom, inkCount, textLines, unevenLight } from '../image/test-images';
import {
  cleanInk,
  DEFAULT_PREPROCESS,
  preprocess,
  thickenThinStrokes,
  toSourceBox,
} from './preprocess';

describe('preprocess', () => {
  it('turns a tilted, unevenly lit page into level black-on-white text', () => {
    const photo = unevenLight(
      textLines({ width: 800, height: 420, tiltDegrees: 4, charHeight: 22 }),
      0.3,
    );
    const out = preprocess(photo);
    expect(out.blank).toBe(false);
    expect((out.skewRadians * 180) / Math.PI).toBeCloseTo(4, 0);
    expect(new Set(out.image.data)).toEqual(new Set([0, 255]));
    expect(out.textHeight).toBeGreaterThan(18);
    // Rescaled so that characters are about the target height.
    expect(out.scale).toBeCloseTo(DEFAULT_PREPROCESS.targetHeight / (out.textHeight ?? 1), 1);
    expect(out.image.width).toBe(out.ink.width);
  });

  it('finds nothing on an empty page', () => {
    const white = { width: 300, height: 200, data: new Uint8ClampedArray(300 * 200 * 4).fill(255) };
    expect(preprocess(white).blank).toBe(true);
  });

  it('downscales a huge photo to the working size first', () => {
    const big = textLines({ width: 3000, height: 500, charHeight: 60 });
    const out = preprocess(big, { rescale: false, crop: false, deskew: false });
    expect(Math.max(out.image.width, out.image.height)).toBeLessThanOrEqual(
      DEFAULT_PREPROCESS.maxSide,
    );
  });

  it('can hand tesseract the gray image unchanged in size when every step is off', () => {
    const page = textLines();
    const out = preprocess(page, {
      normalize: false,
      rescale: false,
      binarize: false,
      clean: false,
      faintFraction: 0,
      deskew: false,
      crop: false,
      minStroke: 0,
    });
    expect(out.image.width).toBe(page.width);
    expect(out.image.height).toBe(page.height);
  });
});

describe('cleanInk', () => {
  it('drops specks and page-long rules, keeps letters and dots', () => {
    const width = 700;
    const image = { width, height: 80, data: new Uint8Array(width * 80) };
    const fill = (x0: number, y0: number, x1: number, y1: number) => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) image.data[y * width + x] = 1;
    };
    fill(10, 10, 14, 30); // a letter: 4×20
    fill(20, 26, 24, 30); // a full stop: 4×4
    fill(40, 5, 41, 6); // a speck: 1×1
    fill(0, 60, 700, 63); // a rule across the page
    const cleaned = cleanInk(image, 20);
    expect(inkCount(cleaned)).toBe(4 * 20 + 4 * 4);
  });
});

describe('thickenThinStrokes', () => {
  it('grows hairlines to about a tenth of the letter height and leaves normal strokes alone', () => {
    const hair = binaryFrom(Array.from({ length: 40 }, () => '....#.....#.....#....'));
    expect(inkCount(thickenThinStrokes(hair, 40, 0.13))).toBeGreaterThan(inkCount(hair) * 2);
    const bold = binaryFrom(Array.from({ length: 40 }, () => '...####...####...####'));
    expect(thickenThinStrokes(bold, 40, 0.13)).toBe(bold);
  });
});

describe('preprocess geometry', () => {
  it('maps boxes of the working image back onto the photo, through scale, skew and crop', () => {
    // A 1600×900 photo with two rows of square "letters", tilted by 3°.
    const width = 1600;
    const height = 900;
    const data = new Uint8ClampedArray(width * height * 4).fill(255);
    const angle = (3 * Math.PI) / 180;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        // Rows of short "letters" around (800, 450), turned by 3°.
        const dx = x - 800;
        const dy = y - 450;
        const u = dx * Math.cos(angle) + dy * Math.sin(angle);
        const v = -dx * Math.sin(angle) + dy * Math.cos(angle);
        const letter =
          Math.abs(u) < 300 && Math.abs(v) < 40 && Math.floor((u + 300) / 20) % 2 === 0;
        if (letter && Math.floor((v + 40) / 20) % 2 === 0)
          data.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
      }
    }
    const pre = preprocess({ width, height, data });
    const ink = inkBounds(pre.ink);
    if (!ink) throw new Error('no ink');
    const box = toSourceBox(ink, pre.geometry);
    // The block spans about 500–1100 × 405–495 on the photo (its tilt widens the box a little).
    expect(box.x0).toBeGreaterThan(470);
    expect(box.x0).toBeLessThan(530);
    expect(box.x1).toBeGreaterThan(1070);
    expect(box.x1).toBeLessThan(1130);
    expect(box.y0).toBeGreaterThan(370);
    expect(box.y1).toBeLessThan(530);
  });
});
