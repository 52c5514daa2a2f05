import { fitWithin } from '../../core/image/resize';
import { checkImageBytes, decodeFailure, ocrError } from '../../core/ocr/errors';
import type { DecodedImage } from './handler';
import type { OcrImage } from './protocol';

/**
 * Longest side handed to the pipeline. A 12000×9000 photo is scaled down by
 * the browser's decoder itself (createImageBitmap's resize options), so the
 * full-size pixels never reach JavaScript; the pipeline then picks its own
 * working size below this.
 */
export const DECODE_MAX_SIDE = 4096;

/** Decodes in the worker with createImageBitmap and reads the pixels back from an OffscreenCanvas. */
export async function decodeInWorker(image: OcrImage): Promise<DecodedImage> {
  const notices: string[] = [];
  let bitmap: ImageBitmap;
  let width: number;
  let height: number;
  if (image.kind === 'strokes') throw new Error('Strokes are drawn by the handler, not decoded.');
  if (image.kind === 'bitmap') {
    bitmap = image.bitmap;
    width = bitmap.width;
    height = bitmap.height;
  } else {
    const bytes = new Uint8Array(image.bytes);
    const sniff = checkImageBytes(bytes);
    if (sniff.animated) notices.push('This image is animated; only its first frame was read.');
    const blob = new Blob([bytes]);
    const options: ImageBitmapOptions = { imageOrientation: 'from-image' };
    if (sniff.width && sniff.height && Math.max(sniff.width, sniff.height) > DECODE_MAX_SIDE) {
      const fit = fitWithin(sniff.width, sniff.height, DECODE_MAX_SIDE);
      // The header's size is before EXIF rotation; resizing is applied after it,
      // so keep the aspect ratio by giving only the longer side.
      options.resizeQuality = 'high';
      if (sniff.width >= sniff.height) options.resizeWidth = fit.width;
      else options.resizeHeight = fit.height;
    }
    try {
      bitmap = await createImageBitmap(blob, options);
    } catch (cause) {
      const tooBig = (sniff.width ?? 0) * (sniff.height ?? 0) > 50_000_000;
      if (tooBig) throw ocrError('image-too-large', `${sniff.width} × ${sniff.height} pixels`);
      throw decodeFailure(sniff.format, cause);
    }
    width = sniff.width ?? bitmap.width;
    height = sniff.height ?? bitmap.height;
    if (Math.max(bitmap.width, bitmap.height) > DECODE_MAX_SIDE) {
      // No size in the header (HEIC, AVIF): scale the decoded bitmap instead.
      const fit = fitWithin(bitmap.width, bitmap.height, DECODE_MAX_SIDE);
      const large = bitmap;
      bitmap = await createImageBitmap(large, {
        resizeWidth: fit.width,
        resizeHeight: fit.height,
        resizeQuality: 'high',
      });
      large.close();
    }
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw ocrError('ocr-failed', 'no 2D canvas in this browser');
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { rgba: data, width, height, notices };
  } finally {
    bitmap.close();
  }
}
