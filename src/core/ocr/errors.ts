import { AppError } from '../errors';
import type { SniffResult } from '../image/sniff';
import { sniffImage } from '../image/sniff';

export type OcrErrorCode =
  | 'empty'
  | 'not-image'
  | 'corrupt'
  | 'unsupported-format'
  | 'too-large'
  | 'no-text'
  | 'engine'
  | 'aborted';

export type OcrError = AppError<OcrErrorCode>;

/** Above this many pixels a photo is refused before decoding: ~1 GB of RGBA. */
export const MAX_PIXELS = 250_000_000;
/** Files larger than this are refused before reading them into memory. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

const FORMAT_NAMES: Record<string, string> = {
  tiff: 'TIFF',
  ico: 'icon (ICO)',
  avif: 'AVIF',
  heic: 'HEIC',
  bmp: 'BMP',
};

/** Every message says what happened and what the student can do next. */
export function ocrError(code: OcrErrorCode, detail?: string): OcrError {
  return new AppError(code, messageFor(code, detail));
}

function messageFor(code: OcrErrorCode, detail?: string): string {
  switch (code) {
    case 'empty':
      return 'This file is empty (0 bytes). Choose the photo again, or take a new one.';
    case 'not-image':
      return 'This file is not an image. Choose a photo or a screenshot (JPEG, PNG, WebP or GIF).';
    case 'corrupt':
      return 'This image is damaged or incomplete and could not be read. Take the photo again or save it anew, then retry.';
    case 'unsupported-format':
      if (detail === 'svg') {
        return 'SVG drawings are not opened, for safety. Take a screenshot of the problem (PNG) and use that instead.';
      }
      if (detail === 'heic') {
        return 'This browser cannot open HEIC photos. Share the photo as JPEG (on iPhone: Settings › Camera › Formats › Most Compatible) or take a screenshot of it.';
      }
      return `This image format${detail ? ` (${FORMAT_NAMES[detail] ?? detail})` : ''} cannot be opened here. Use a JPEG, PNG, WebP or GIF image.`;
    case 'too-large':
      return `This image is too large to open${detail ? ` (${detail} pixels)` : ''}. Crop or resize it, or take a screenshot of just the problem.`;
    case 'no-text':
      return 'No text was found in this image. Make sure the problem fills most of the picture, is in focus and well lit, then try again.';
    case 'engine':
      return `The text recognizer failed${detail ? ` (${detail})` : ''}. Try again, or reload the page; you can always type the problem instead.`;
    case 'aborted':
      return 'Recognition was cancelled.';
  }
}

/**
 * Checks an image file's bytes before any decoder sees them and returns what
 * was found; throws an OcrError for input that must not or cannot be decoded.
 * HEIC and AVIF pass (some browsers decode them); the decoder's failure on
 * them is then reported as unsupported rather than corrupt.
 */
export function checkImageBytes(
  bytes: Uint8Array,
): SniffResult & { format: NonNullable<SniffResult['format']> } {
  if (bytes.length === 0) throw ocrError('empty');
  if (bytes.length > MAX_FILE_BYTES)
    throw ocrError('too-large', `${Math.round(bytes.length / 2 ** 20)} MB file`);
  const sniff = sniffImage(bytes);
  const { format } = sniff;
  if (format === null) throw ocrError('not-image');
  if (format === 'svg') throw ocrError('unsupported-format', 'svg');
  if (format === 'tiff' || format === 'ico') throw ocrError('unsupported-format', format);
  if (sniff.width !== undefined && sniff.height !== undefined) {
    if (sniff.width === 0 || sniff.height === 0) throw ocrError('corrupt');
    if (sniff.width * sniff.height > MAX_PIXELS) {
      throw ocrError('too-large', `${sniff.width} × ${sniff.height}`);
    }
  }
  if (sniff.truncated) throw ocrError('corrupt');
  return { ...sniff, format };
}

/** The decoder failed: say why in the student's terms. */
export function decodeFailure(format: SniffResult['format'], cause?: unknown): OcrError {
  const error =
    format === 'heic' || format === 'avif'
      ? ocrError('unsupported-format', format)
      : ocrError('corrupt');
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause });
  return error;
}
