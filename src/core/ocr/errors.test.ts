import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { checkImageBytes, decodeFailure, ocrError } from './errors';

const codeOf = (bytes: Uint8Array): string => {
  try {
    checkImageBytes(bytes);
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.code : 'unexpected';
  }
};

const pngHeader = (width: number, height: number) => {
  const b = new Uint8Array(33 + 12);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  b.set([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44], 33);
  return b;
};

describe('checkImageBytes', () => {
  it('refuses each kind of bad input with its own code', async () => {
    const text = new TextEncoder();
    const jpeg = await sharp({
      create: { width: 200, height: 100, channels: 3, background: '#fff' },
    })
      .jpeg()
      .toBuffer();
    expect(codeOf(new Uint8Array(0))).toBe('image-empty');
    expect(codeOf(text.encode('just some text'))).toBe('not-image');
    expect(codeOf(text.encode('<svg onload="alert(1)"></svg>'))).toBe('image-format');
    expect(codeOf(new Uint8Array([0x49, 0x49, 0x2a, 0]))).toBe('image-format');
    expect(codeOf(jpeg.subarray(0, 300))).toBe('image-corrupt');
    expect(codeOf(pngHeader(100_000, 100_000))).toBe('image-too-large');
    expect(codeOf(pngHeader(0, 10))).toBe('image-corrupt');
    expect(codeOf(jpeg)).toBe('ok');
  });

  it('lets HEIC through to the decoder, which may or may not read it', () => {
    const heic = new Uint8Array([
      0,
      0,
      0,
      20,
      ...new TextEncoder().encode('ftypheic'),
      0,
      0,
      0,
      0,
      ...new TextEncoder().encode('mif1'),
    ]);
    expect(checkImageBytes(heic).format).toBe('heic');
    expect(decodeFailure('heic').code).toBe('image-format');
    expect(decodeFailure('png').code).toBe('image-corrupt');
  });

  it('says what to do in every message', () => {
    for (const code of [
      'image-empty',
      'not-image',
      'image-corrupt',
      'image-format',
      'image-too-large',
      'no-text',
      'ocr-failed',
    ] as const) {
      expect(ocrError(code).message).toMatch(/\b(Choose|Take|Use|Crop|Make sure|Try|Share)\b/);
    }
    expect(ocrError('image-format', 'heic').message).toMatch(/HEIC/);
    expect(ocrError('image-too-large', '12000 × 90000').message).toMatch(/12000 × 90000/);
  });
});
