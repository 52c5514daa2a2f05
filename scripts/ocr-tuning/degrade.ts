/**
 * Photo-like degradations for the tuning set, on raw RGBA, in the order a
 * phone makes them: the sheet lies on a table, in uneven light and maybe
 * the phone's shadow; the lens sees it turned and at an angle (one
 * projective warp, the whole sheet in the frame) and a little out of focus;
 * the sensor adds the noise its denoiser leaves; the exposure flattens the
 * contrast; the camera or a messenger saves a JPEG. Every random choice
 * comes from the caller's seeded generator.
 */
import sharp from 'sharp';
import type { RgbaImage } from '../../src/core/image/types';
import type { Random } from './problems';

export interface Degradation {
  rotate?: number;
  /** Perspective: each corner moves by up to this fraction of the page size. */
  persp?: number;
  light?: 'linear' | 'radial';
  /** A soft-edged shadow (the phone, a hand) over part of the sheet: how much it darkens, 0–1. */
  shadow?: number;
  /** Output range of the page's grey levels, e.g. [25, 80] in percent. */
  lowc?: [number, number];
  /** Sensor noise left after the phone's denoiser: standard deviation in grey levels (0–255). */
  noise?: number;
  /** Gaussian blur (focus, shake), sigma in pixels. */
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
 * Turns the sheet by `rotate` degrees and moves its corners by up to
 * `persp` of its size, in one projective warp sampled bilinearly, onto a
 * frame that holds the whole warped sheet and `margin` pixels of table
 * around it: a student photographs the whole problem, so no text may leave
 * the picture while the ground truth still has it.
 */
export function warp(
  image: RgbaImage,
  rotate: number,
  persp: number,
  rand: Random,
  background: [number, number, number],
  margin: number,
): RgbaImage {
  const { width: w, height: h } = image;
  const angle = (rotate * Math.PI) / 180;
  const corners: [number, number][] = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ];
  const turned = corners.map(([x, y]): [number, number] => {
    const dx = x - w / 2 + (rand() * 2 - 1) * persp * w;
    const dy = y - h / 2 + (rand() * 2 - 1) * persp * h;
    return [
      dx * Math.cos(angle) - dy * Math.sin(angle),
      dx * Math.sin(angle) + dy * Math.cos(angle),
    ];
  });
  const left = Math.min(...turned.map(([x]) => x));
  const top = Math.min(...turned.map(([, y]) => y));
  const width = Math.ceil(Math.max(...turned.map(([x]) => x)) - left) + 2 * margin;
  const height = Math.ceil(Math.max(...turned.map(([, y]) => y)) - top) + 2 * margin;
  const moved = turned.map(([x, y]): [number, number] => [x - left + margin, y - top + margin]);
  // Output pixels are mapped back into the source: the inverse homography.
  const m = homography(moved, corners);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const d = (m[6] ?? 0) * px + (m[7] ?? 0) * py + 1;
      const sx = ((m[0] ?? 0) * px + (m[1] ?? 0) * py + (m[2] ?? 0)) / d - 0.5;
      const sy = ((m[3] ?? 0) * px + (m[4] ?? 0) * py + (m[5] ?? 0)) / d - 0.5;
      const o = (y * width + x) * 4;
      // Bilinear over the sheet padded with the table colour: a soft sheet edge.
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 4; c++) {
        const p = (yy: number, xx: number) =>
          xx < 0 || yy < 0 || xx >= w || yy >= h
            ? c === 3
              ? 255
              : background[c as 0 | 1 | 2]
            : (image.data[(yy * w + xx) * 4 + c] ?? 0);
        out[o + c] =
          (1 - fy) * ((1 - fx) * p(y0, x0) + fx * p(y0, x0 + 1)) +
          fy * ((1 - fx) * p(y0 + 1, x0) + fx * p(y0 + 1, x0 + 1));
      }
    }
  }
  return { width, height, data: out };
}

/** Uneven light: a linear fall-off from one side, or a vignette, down to 60–85% at the darkest. */
export function light(image: RgbaImage, kind: 'linear' | 'radial', rand: Random): RgbaImage {
  const { width: w, height: h } = image;
  const out = new Uint8ClampedArray(image.data);
  const angle = rand() * Math.PI * 2;
  const darkest = 0.6 + 0.25 * rand();
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

/**
 * A shadow cast by the phone or a hand held over the sheet: darker by
 * `depth` beyond a straight edge that enters from a random side and covers
 * 15–45% of the picture, with a soft penumbra (the light is not a point).
 */
export function shadow(image: RgbaImage, depth: number, rand: Random): RgbaImage {
  const { width: w, height: h } = image;
  const out = new Uint8ClampedArray(image.data);
  const angle = rand() * Math.PI * 2;
  const nx = Math.cos(angle);
  const ny = Math.sin(angle);
  // Signed distance along the normal, from -span/2 to span/2 over the picture.
  const span = Math.abs(nx) * w + Math.abs(ny) * h;
  const edge = span * (0.5 - 0.15 - 0.3 * rand());
  const soft = Math.max(2, span * (0.04 + 0.08 * rand()));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (x - w / 2) * nx + (y - h / 2) * ny - edge;
      const t = Math.min(1, Math.max(0, s / soft + 0.5));
      const f = 1 - depth * t * t * (3 - 2 * t);
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

/** Luminance noise, `sigma` grey levels, the same on all channels. */
export function noise(image: RgbaImage, sigma: number, rand: Random): RgbaImage {
  const out = new Uint8ClampedArray(image.data);
  for (let i = 0; i < out.length; i += 4) {
    // Box–Muller: one normal sample per pixel.
    const n = Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand()) * sigma;
    for (let c = 0; c < 3; c++) out[i + c] = (out[i + c] ?? 0) + n;
  }
  return { ...image, data: out };
}

const sharpRaw = (image: RgbaImage) =>
  sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), {
    raw: { width: image.width, height: image.height, channels: 4 },
  });

export async function blur(image: RgbaImage, sigma: number): Promise<RgbaImage> {
  const data = await sharpRaw(image).blur(sigma).raw().toBuffer();
  return { ...image, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}

/** Encodes the degraded picture: a JPEG at `jpeg` quality, else a PNG. */
export async function encode(
  image: RgbaImage,
  d: Degradation,
): Promise<{ bytes: Buffer; ext: string }> {
  const s = sharpRaw(image).removeAlpha();
  if (d.jpeg) return { bytes: await s.jpeg({ quality: d.jpeg }).toBuffer(), ext: 'jpg' };
  return { bytes: await s.png().toBuffer(), ext: 'png' };
}

/** The colours of the table the sheet lies on. */
export const TABLES: [number, number, number][] = [
  [236, 232, 222],
  [205, 190, 165],
  [170, 175, 180],
  [120, 100, 80],
];

/** A photo of the rendered sheet `png`, degraded as `d` says, on a table of colour `table`. */
export async function photograph(
  png: Buffer,
  d: Degradation,
  rand: Random,
  table: [number, number, number],
): Promise<{ bytes: Buffer; ext: string }> {
  let image = await decodePng(png);
  const margin = Math.round(Math.min(image.width, image.height) * 0.08);
  image = warp(image, d.rotate ?? 0, d.persp ?? 0, rand, table, margin);
  if (d.light) image = light(image, d.light, rand);
  if (d.shadow) image = shadow(image, d.shadow, rand);
  if (d.blur) image = await blur(image, d.blur);
  if (d.lowc) image = lowContrast(image, d.lowc);
  if (d.noise) image = noise(image, d.noise, rand);
  return encode(image, d);
}

const round = (value: number, step: number) => Number((Math.round(value / step) * step).toFixed(4));
const between = (rand: Random, lo: number, hi: number, step: number) =>
  round(lo + rand() * (hi - lo), step);

/**
 * A phone photo of a printed sheet. The ranges are what hand-held phone
 * photos of paper show, not fitted to any picture: framed by hand (turned up
 * to 6°), the phone not quite parallel (corners off by up to 4.5%), a lamp or
 * window (fall-off), sometimes the phone's shadow, often slightly out of
 * focus, the residual noise of a phone's denoiser (1–5 grey levels; more
 * grain than that is a night shot, where the camera would rather blur), and
 * always a JPEG (a camera saves at ~90, a messenger recompresses to ~60–75).
 */
export function photoDegradation(rand: Random): Degradation {
  const d: Degradation = { rotate: between(rand, -6, 6, 0.1) };
  if (rand() < 0.6) d.persp = between(rand, 0, 0.045, 0.001);
  if (rand() < 0.6) d.light = rand() < 0.7 ? 'linear' : 'radial';
  if (rand() < 0.35) d.shadow = between(rand, 0.2, 0.45, 0.01);
  if (rand() < 0.35) d.lowc = [Math.round(10 + rand() * 20), Math.round(70 + rand() * 20)];
  if (rand() < 0.6) d.blur = between(rand, 0.4, 1.3, 0.1);
  d.noise = between(rand, 1, 5, 0.1);
  d.jpeg = Math.round(60 + rand() * 32);
  return d;
}

/** A phone photo of a notebook page written by hand: as a printed sheet, framed more carefully. */
export function handwritingDegradation(rand: Random): Degradation {
  const d: Degradation = { rotate: between(rand, -3.5, 3.5, 0.1) };
  if (rand() < 0.4) d.persp = between(rand, 0, 0.03, 0.001);
  if (rand() < 0.5) d.light = 'linear';
  if (rand() < 0.25) d.shadow = between(rand, 0.2, 0.4, 0.01);
  if (rand() < 0.3) d.blur = between(rand, 0.4, 0.9, 0.1);
  d.noise = between(rand, 1, 4, 0.1);
  d.jpeg = Math.round(65 + rand() * 27);
  return d;
}
