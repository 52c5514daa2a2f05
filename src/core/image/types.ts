/**
 * Raw pixel buffers shared by the browser worker and the Node CLI. The shape
 * matches the DOM's ImageData, so an ImageData can be passed where an
 * RgbaImage is expected without copying.
 */
export interface RgbaImage {
  width: number;
  height: number;
  /** 4 bytes per pixel, row-major, R G B A. */
  data: Uint8ClampedArray;
}

export interface GrayImage {
  width: number;
  height: number;
  /** 1 byte per pixel, row-major, 0 = black, 255 = white. */
  data: Uint8ClampedArray;
}

/**
 * A binary image: 1 = ink, 0 = background. Kept separate from GrayImage so
 * that the two polarities cannot be mixed up silently.
 */
export interface BinaryImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface Box {
  x0: number;
  y0: number;
  /** Exclusive. */
  x1: number;
  /** Exclusive. */
  y1: number;
}

export function createGray(width: number, height: number, fill = 255): GrayImage {
  const data = new Uint8ClampedArray(width * height);
  if (fill !== 0) data.fill(fill);
  return { width, height, data };
}

export function createBinary(width: number, height: number): BinaryImage {
  return { width, height, data: new Uint8Array(width * height) };
}

/** A binary image as black ink on white, the form tesseract reads best. */
export function binaryToGray(image: BinaryImage): GrayImage {
  const out = new Uint8ClampedArray(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = image.data[i] ? 0 : 255;
  return { width: image.width, height: image.height, data: out };
}
