import type { BinaryImage, GrayImage } from './types';

export interface SkewOptions {
  /** Largest tilt searched, in degrees either way. */
  maxDegrees?: number;
  /** Ink pixels sampled at most; the estimate needs a few thousand, not millions. */
  maxSamples?: number;
}

/**
 * Estimates the tilt of text lines by projection profiles: shear the ink onto
 * the vertical axis at each candidate angle and keep the angle whose row
 * histogram is sharpest (largest sum of squares). Text lines then fall into
 * few, full rows and the gaps between them into empty ones. A coarse sweep is
 * refined around its best angle. Returns radians; positive means the lines
 * go down to the right (y grows with x).
 */
export function estimateSkew(image: BinaryImage, options: SkewOptions = {}): number {
  const maxDegrees = options.maxDegrees ?? 15;
  const maxSamples = options.maxSamples ?? 60_000;
  const { width, height, data } = image;
  let inkCount = 0;
  for (let i = 0; i < data.length; i++) inkCount += data[i] ?? 0;
  if (inkCount < 20) return 0;
  const step = Math.max(1, Math.ceil(inkCount / maxSamples));
  const xs = new Float32Array(Math.ceil(inkCount / step));
  const ys = new Float32Array(xs.length);
  let n = 0;
  let seen = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!data[y * width + x]) continue;
      if (seen++ % step === 0 && n < xs.length) {
        xs[n] = x - width / 2;
        ys[n] = y;
        n++;
      }
    }
  }
  const rows = height + width;
  const bins = new Float64Array(rows);
  const score = (radians: number): number => {
    bins.fill(0);
    const t = Math.tan(radians);
    for (let i = 0; i < n; i++) {
      const r = Math.round((ys[i] ?? 0) - (xs[i] ?? 0) * t + width / 2);
      if (r >= 0 && r < rows) bins[r] = (bins[r] ?? 0) + 1;
    }
    let s = 0;
    for (let r = 0; r < rows; r++) s += (bins[r] ?? 0) ** 2;
    return s;
  };
  const search = (from: number, to: number, stepDeg: number): number => {
    let best = 0;
    let bestScore = -1;
    for (let d = from; d <= to + 1e-9; d += stepDeg) {
      const s = score((d * Math.PI) / 180);
      // Ties go to the angle nearer zero: rotating costs sharpness.
      if (s > bestScore * (1 + 1e-9) || (s >= bestScore && Math.abs(d) < Math.abs(best))) {
        bestScore = s;
        best = d;
      }
    }
    return best;
  };
  const coarse = search(-maxDegrees, maxDegrees, 0.5);
  const fine = search(coarse - 0.5, coarse + 0.5, 0.05);
  return (fine * Math.PI) / 180;
}

/**
 * Resamples so that a line which went down to the right at `radians` in the
 * input is level in the output: `rotateGray(gray, estimateSkew(ink))`
 * straightens a page. Bilinear; the canvas grows so no corner is cut, and the
 * new area is white.
 */
export function rotateGray(image: GrayImage, radians: number, fill = 255): GrayImage {
  if (radians === 0) return image;
  const { width: w, height: h, data } = image;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const ow = Math.ceil(Math.abs(w * cos) + Math.abs(h * sin));
  const oh = Math.ceil(Math.abs(w * sin) + Math.abs(h * cos));
  const out = new Uint8ClampedArray(ow * oh);
  const cxIn = w / 2;
  const cyIn = h / 2;
  const cxOut = ow / 2;
  const cyOut = oh / 2;
  // Source coordinates advance by (cos, sin) per output pixel: no trig or
  // closures in the inner loop, which runs a million times for a photo.
  for (let y = 0; y < oh; y++) {
    const dy = y + 0.5 - cyOut;
    const dx0 = 0.5 - cxOut;
    let sx = cos * dx0 - sin * dy + cxIn - 0.5;
    let sy = sin * dx0 + cos * dy + cyIn - 0.5;
    const row = y * ow;
    for (let x = 0; x < ow; x++, sx += cos, sy += sin) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
        out[row + x] = fill;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const inX0 = x0 >= 0;
      const inX1 = x0 + 1 < w;
      const inY0 = y0 >= 0;
      const inY1 = y0 + 1 < h;
      const i = y0 * w + x0;
      const a = inX0 && inY0 ? (data[i] ?? fill) : fill;
      const b = inX1 && inY0 ? (data[i + 1] ?? fill) : fill;
      const c = inX0 && inY1 ? (data[i + w] ?? fill) : fill;
      const d = inX1 && inY1 ? (data[i + w + 1] ?? fill) : fill;
      out[row + x] = (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
    }
  }
  return { width: ow, height: oh, data: out };
}
