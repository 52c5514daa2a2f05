/**
 * Photo-like degradations for the tuning set, on raw RGBA: the page laid on
 * a table, turned and seen at an angle (one projective warp), uneven light,
 * low contrast, sensor noise; blur and JPEG through sharp. Every random
 * choice comes from the caller's seeded generator.
 */
import sharp from 'sharp';
import type { RgbaImage } from '../../src/core/image/types';
import type { Random } from './problems';

export interface Degradation {
  rotate?: number;
  /** Perspective: each corner moves by up to this fraction of the page size. */
  persp?: number;
  light?: 'linear' | 'radial';
  /** Output range of the page's grey levels, e.g. [25, 80] in percent. */
  lowc?: [number, number];
  /** Gaussian noise, standard deviation as a fraction of 64 grey levels. */
  noise?: number;
  blur?: number;
  jpeg?: number;
}

export async function decodePng(png: Buffer): Promise<RgbaImage> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
  };
}

/** The card on a larger background (a desk, a darker sheet), with a margin. */
export function onBackground(
  card: RgbaImage,
  margin: number,
  color: [number, number, number],
): RgbaImage {
  const width = card.width + 2 * margin;
  const height = card.height + 2 * margin;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = color[0];
    data[i * 4 + 1] = color[1];
    data[i * 4 + 2] = color[2];
    data[i * 4 + 3] = 255;
  }
  for (let y = 0; y < card.height; y++) {
    const from = y * card.width * 4;
    data.set(card.data.subarray(from, from + card.width * 4), ((y + margin) * width + margin) * 4);
  }
  return { width, height, data };
}

/** Solves the 8 homography coefficients that map points `from` onto `to`. */
function homography(from: [number, number][], to: [number, number][]): number[] {
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i] as [number, number];
    const [u, v] = to[i] as [number, number];
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  // Gaussian elimination with partial pivoting on the 8×8 system.
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++)
      if (Math.abs(a[r]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = r;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    [b[col], b[pivot]] = [b[pivot] as number, b[col] as number];
    const row = a[col] as number[];
    for (let r = 0; r < 8; r++) {
      if (r === col) continue;
      const other = a[r] as number[];
      const f = (other[col] ?? 0) / (row[col] ?? 1);
      for (let c = col; c < 8; c++) other[c] = (other[c] ?? 0) - f * (row[c] ?? 0);
      b[r] = (b[r] ?? 0) - f * (b[col] ?? 0);
    }
  }
  return b.map((v, i) => v / (a[i]?.[i] ?? 1));
}

/**
 * Turns the picture by `rotate` degrees and moves its corners by up to
 * `persp` of its size, in one projective warp sampled bilinearly; what falls
 * outside is the background colour.
 */
export function warp(
  image: RgbaImage,
  rotate: number,
  persp: number,
  rand: Random,
  background: [number, number, number],
): RgbaImage {
  const { width: w, height: h } = image;
  const cx = w / 2;
  const cy = h / 2;
  const angle = (rotate * Math.PI) / 180;
  const corners: [number, number][] = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ];
  const moved = corners.map(([x, y]): [number, number] => {
    const jx = (rand() * 2 - 1) * persp * w;
    const jy = (rand() * 2 - 1) * persp * h;
    const dx = x - cx + jx;
    const dy = y - cy + jy;
    return [
      cx + dx * Math.cos(angle) - dy * Math.sin(angle),
      cy + dx * Math.sin(angle) + dy * Math.cos(angle),
    ];
  });
  // Output pixels are mapped back into the source: the inverse homography.
  const m = homography(moved, corners);
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = (m[6] ?? 0) * x + (m[7] ?? 0) * y + 1;
      const sx = ((m[0] ?? 0) * x + (m[1] ?? 0) * y + (m[2] ?? 0)) / d - 0.5;
      const sy = ((m[3] ?? 0) * x + (m[4] ?? 0) * y + (m[5] ?? 0)) / d - 0.5;
      const o = (y * w + x) * 4;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) {
        out[o] = background[0];
        out[o + 1] = background[1];
        out[o + 2] = background[2];
        out[o + 3] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 4; c++) {
        const p = (yy: number, xx: number) => image.data[(yy * w + xx) * 4 + c] ?? 0;
        out[o + c] =
          (1 - fy) * ((1 - fx) * p(y0, x0) + fx * p(y0, x0 + 1)) +
          fy * ((1 - fx) * p(y0 + 1, x0) + fx * p(y0 + 1, x0 + 1));
      }
    }
  }
  return { width: w, height: h, data: out };
}

/** Uneven light: a linear fall-off from one side, or a vignette. */
export function light(image: RgbaImage, kind: 'linear' | 'radial', rand: Random): RgbaImage {
  const { width: w, height: h } = image;
  const out = new Uint8ClampedArray(image.data);
  const angle = rand() * Math.PI * 2;
  const darkest = 0.45 + 0.25 * rand();
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let t: number;
      if (kind === 'linear') {
        const u = ((x / w - 0.5) * Math.cos(angle) + (y / h - 0.5) * Math.sin(angle)) / 0.71;
        t = (u + 1) / 2;
      } else {
        t = Math.min(1, Math.hypot(x / w - 0.5, y / h - 0.5) / 0.71);
      }
      const f = 1 - (1 - darkest) * t;
      const o = (y * w + x) * 4;
      for (let c = 0; c < 3; c++) out[o + c] = (out[o + c] ?? 0) * f;
    }
  }
  return { width: w, height: h, data: out };
}

export function lowContrast(image: RgbaImage, [lo, hi]: [number, number]): RgbaImage {
  const out = new Uint8ClampedArray(image.data);
  const a = (lo / 100) * 255;
  const b = (hi / 100) * 255;
  for (let i = 0; i < out.length; i++)
    if (i % 4 !== 3) out[i] = a + ((out[i] ?? 0) / 255) * (b - a);
  return { ...image, data: out };
}

export function noise(image: RgbaImage, amount: number, rand: Random): RgbaImage {
  const out = new Uint8ClampedArray(image.data);
  const sigma = amount * 64;
  for (let i = 0; i < out.length; i += 4) {
    // Box–Muller: one normal sample per pixel, the same on all channels (luminance noise).
    const n = Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand()) * sigma;
    for (let c = 0; c < 3; c++) out[i + c] = (out[i + c] ?? 0) + n;
  }
  return { ...image, data: out };
}

/** Encodes the degraded picture: blur and JPEG through sharp, else a PNG. */
export async function encode(
  image: RgbaImage,
  d: Degradation,
): Promise<{ bytes: Buffer; ext: string }> {
  let s = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
    raw: { width: image.width, height: image.height, channels: 4 },
  });
  if (d.blur) s = s.blur(d.blur);
  s = s.removeAlpha();
  if (d.jpeg) return { bytes: await s.jpeg({ quality: d.jpeg }).toBuffer(), ext: 'jpg' };
  return { bytes: await s.png().toBuffer(), ext: 'png' };
}
