import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sniffImage } from './sniff';

const blank = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#fff' } });

describe('sniffImage', () => {
  it('recognises formats and sizes from the header', async () => {
    expect(sniffImage(await blank(30, 20).png().toBuffer())).toMatchObject({
      format: 'png',
      width: 30,
      height: 20,
      truncated: false,
      animated: false,
    });
    expect(sniffImage(await blank(30, 20).jpeg().toBuffer())).toMatchObject({
      format: 'jpeg',
      width: 30,
      height: 20,
      truncated: false,
    });
    expect(sniffImage(await blank(30, 20).webp().toBuffer())).toMatchObject({
      format: 'webp',
      width: 30,
      height: 20,
      truncated: false,
    });
    expect(sniffImage(await blank(30, 20).gif().toBuffer())).toMatchObject({
      format: 'gif',
      width: 30,
      height: 20,
      animated: false,
      truncated: false,
    });
  });

  it('sees a truncated JPEG and PNG', async () => {
    const jpeg = await blank(300, 200).jpeg().toBuffer();
    expect(sniffImage(jpeg.subarray(0, jpeg.length >> 1)).truncated).toBe(true);
    const png = await blank(300, 200).png().toBuffer();
    expect(sniffImage(png.subarray(0, png.length - 12)).truncated).toBe(true);
  });

  it('tells an animated GIF from a still one', async () => {
    // Two different frames (identical ones are merged by the encoder).
    const white = await blank(10, 10).png().toBuffer();
    const black = await sharp({
      create: { width: 10, height: 10, channels: 3, background: '#000' },
    })
      .png()
      .toBuffer();
    const gif = await sharp([white, black], { join: { animated: true } })
      .gif()
      .toBuffer();
    expect(sniffImage(gif)).toMatchObject({ format: 'gif', animated: true });
  });

  it('recognises SVG (with or without an XML prolog), HEIC and AVIF without decoding them', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(
      sniffImage(text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))
        .format,
    ).toBe('svg');
    expect(sniffImage(text('\uFEFF<?xml version="1.0"?>\n<svg></svg>')).format).toBe('svg');
    const ftyp = (brand: string) =>
      new Uint8Array([
        0,
        0,
        0,
        24,
        ...text('ftyp'),
        ...text(brand),
        0,
        0,
        0,
        0,
        ...text('mif1'),
        ...text(brand),
      ]);
    expect(sniffImage(ftyp('heic')).format).toBe('heic');
    expect(sniffImage(ftyp('avif')).format).toBe('avif');
  });

  it('returns null for anything else', () => {
    expect(sniffImage(new TextEncoder().encode('Solve 2x + 3 = 7')).format).toBeNull();
    expect(sniffImage(new Uint8Array(0)).format).toBeNull();
    expect(sniffImage(new TextEncoder().encode('%PDF-1.7')).format).toBeNull();
  });
});
