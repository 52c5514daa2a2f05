import { resizeRgba } from '../../image/resize';
import type { RgbaImage } from '../../image/types';
import type { FormulaPreprocessing, Resample } from './config';

const KERNEL = {
  nearest: 'nearest',
  bilinear: 'triangle',
  bicubic: 'cubic',
} as const satisfies Record<Resample, string>;

/**
 * The encoder's input for one picture, as the model's image processor makes
 * it: RGB (transparent pixels over white), resized to the configured size
 * (a formula is stretched to fill it, as the processor does during
 * training), rescaled and normalised per channel; planar [3, height, width].
 */
export function formulaPixels(image: RgbaImage, pre: FormulaPreprocessing): Float32Array {
  const sized = resizeRgba(flatten(image), pre.width, pre.height, KERNEL[pre.resample]);
  const plane = pre.width * pre.height;
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const mean = pre.mean?.[c] ?? 0;
    const std = pre.std?.[c] ?? 1;
    const scale = pre.rescale ?? 1;
    for (let i = 0; i < plane; i++) {
      out[c * plane + i] = ((sized.data[i * 4 + c] ?? 0) * scale - mean) / std;
    }
  }
  return out;
}

/** Alpha composited over white: a transparent sketch is black ink on white paper. */
function flatten(image: RgbaImage): RgbaImage {
  let opaque = true;
  for (let i = 3; i < image.data.length; i += 4) {
    if ((image.data[i] ?? 255) !== 255) {
      opaque = false;
      break;
    }
  }
  if (opaque) return image;
  const data = new Uint8ClampedArray(image.data.length);
  for (let i = 0; i < data.length; i += 4) {
    const a = (image.data[i + 3] ?? 255) / 255;
    for (let c = 0; c < 3; c++) data[i + c] = (image.data[i + c] ?? 0) * a + 255 * (1 - a);
    data[i + 3] = 255;
  }
  return { width: image.width, height: image.height, data };
}
