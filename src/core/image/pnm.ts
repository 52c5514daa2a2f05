import type { GrayImage } from './types';

/**
 * Encodes a gray image as binary PGM (P5). Tesseract's image reader
 * (Leptonica) takes it as is: no compression to pay for on the way in, and
 * the encoder is a header plus the pixels, so browser and Node feed tesseract
 * the very same bytes.
 */
export function encodePgm(image: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.data.length);
  out.set(header, 0);
  out.set(image.data, header.length);
  return out;
}

export function decodePgm(bytes: Uint8Array): GrayImage {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 64)));
  const match = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(text);
  if (!match) throw new Error('Not a binary PGM image.');
  const width = Number(match[1]);
  const height = Number(match[2]);
  const offset = match[0].length;
  return {
    width,
    height,
    data: new Uint8ClampedArray(bytes.subarray(offset, offset + width * height)),
  };
}
