import type { GrayImage, RgbaImage } from './types';

interface Contributions {
  /** First source index for each destination index. */
  start: Int32Array;
  /** Number of taps for each destination index. */
  count: Int32Array;
  /** Normalised weights, `maxTaps` per destination index. */
  weights: Float32Array;
  maxTaps: number;
}

/** Resampling filters, as PIL names them: what a model's preprocessor_config.json asks for. */
export type ResizeKernel = 'triangle' | 'cubic' | 'nearest';

/** Keys' cubic with a = -0.5, PIL's bicubic. */
function cubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

const KERNELS: Record<ResizeKernel, { radius: number; weight: (x: number) => number }> = {
  triangle: { radius: 1, weight: (x) => Math.max(0, 1 - Math.abs(x)) },
  cubic: { radius: 2, weight: cubic },
  nearest: { radius: 0.5, weight: (x) => (x >= -0.5 && x < 0.5 ? 1 : 0) },
};

/**
 * Filter weights whose support grows with the reduction factor, so a
 * downscale averages every source pixel (no aliasing of thin strokes) and an
 * upscale is plain bilinear (or bicubic).
 */
function contributions(srcSize: number, dstSize: number, kernel: ResizeKernel): Contributions {
  const { radius, weight } = KERNELS[kernel];
  const scale = srcSize / dstSize;
  const stretch = Math.max(1, scale);
  const support = radius * stretch;
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(dstSize);
  const count = new Int32Array(dstSize);
  const weights = new Float32Array(dstSize * maxTaps);
  for (let d = 0; d < dstSize; d++) {
    const center = (d + 0.5) * scale;
    const lo = Math.max(0, Math.floor(center - support));
    const hi = Math.min(srcSize, Math.ceil(center + support));
    let sum = 0;
    let n = 0;
    for (let s = lo; s < hi && n < maxTaps; s++, n++) {
      const w = weight((s + 0.5 - center) / stretch);
      weights[d * maxTaps + n] = w;
      sum += w;
    }
    if (sum > 0)
      for (let k = 0; k < n; k++) weights[d * maxTaps + k] = (weights[d * maxTaps + k] ?? 0) / sum;
    start[d] = lo;
    count[d] = n;
  }
  return { start, count, weights, maxTaps };
}

/**
 * Separable resample of an interleaved buffer, one destination row at a time:
 * memory stays at one source-width row of floats even for a 12000×9000 photo.
 */
function resample(
  src: Uint8ClampedArray,
  sw: number,
  sh: number,
  channels: number,
  dw: number,
  dh: number,
  kernel: ResizeKernel = 'triangle',
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(dw * dh * channels);
  const cx = contributions(sw, dw, kernel);
  const cy = contributions(sh, dh, kernel);
  const row = new Float32Array(sw * channels);
  const rowStride = sw * channels;
  for (let y = 0; y < dh; y++) {
    row.fill(0);
    const y0 = cy.start[y] ?? 0;
    const ny = cy.count[y] ?? 0;
    for (let k = 0; k < ny; k++) {
      const w = cy.weights[y * cy.maxTaps + k] ?? 0;
      const base = (y0 + k) * rowStride;
      for (let i = 0; i < rowStride; i++) row[i] = (row[i] ?? 0) + w * (src[base + i] ?? 0);
    }
    const outBase = y * dw * channels;
    for (let x = 0; x < dw; x++) {
      const x0 = cx.start[x] ?? 0;
      const nx = cx.count[x] ?? 0;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < nx; k++) {
          acc += (cx.weights[x * cx.maxTaps + k] ?? 0) * (row[(x0 + k) * channels + c] ?? 0);
        }
        out[outBase + x * channels + c] = acc;
      }
    }
  }
  return out;
}

export function resizeGray(image: GrayImage, width: number, height: number): GrayImage {
  if (width === image.width && height === image.height) return image;
  return { width, height, data: resample(image.data, image.width, image.height, 1, width, height) };
}

export function resizeRgba(
  image: RgbaImage,
  width: number,
  height: number,
  kernel: ResizeKernel = 'triangle',
): RgbaImage {
  if (width === image.width && height === image.height) return image;
  return {
    width,
    height,
    data: resample(image.data, image.width, image.height, 4, width, height, kernel),
  };
}

/** Scales so that the longer side is at most `maxSide` and the area at most `maxPixels`. */
export function fitWithin(
  width: number,
  height: number,
  maxSide: number,
  maxPixels = Number.POSITIVE_INFINITY,
): { width: number; height: number; scale: number } {
  const scale = Math.min(
    1,
    maxSide / Math.max(width, height),
    Math.sqrt(maxPixels / (width * height)),
  );
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
    scale,
  };
}
