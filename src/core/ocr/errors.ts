import { AppError, type ErrorCode } from '../errors';
import type { SniffResult } from '../image/sniff';
import { sniffImage } from '../image/sniff';

/** The codes the OCR pipeline reports (a part of the one ErrorCode union). */
export type OcrErrorCode = Extract<
  ErrorCode,
  | 'image-empty'
  | 'not-image'
  | 'image-corrupt'
  | 'image-format'
  | 'image-too-large'
  | 'no-text'
  | 'ocr-failed'
  | 'aborted'
>;

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

/**
 * An OCR error; the sentence comes from the code (error-text.ts). `detail`
 * is the format for 'image-format', the size for 'image-too-large', and the
 * technical cause for 'ocr-failed' (shown only under Details).
 */
export function ocrError(code: OcrErrorCode, detail?: string): OcrError {
  switch (code) {
    case 'image-format':
      return new AppError(code, {
        params: detail ? { format: detail, formatName: FORMAT_NAMES[detail] ?? detail } : {},
      });
    case 'image-too-large':
      return new AppError(code, { params: detail ? { size: detail } : {} });
    default:
      return new AppError(code, detail ? { details: detail } : {});
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
  if (bytes.length === 0) throw ocrError('image-empty');
  if (bytes.length > MAX_FILE_BYTES)
    throw ocrError('image-too-large', `a ${Math.round(bytes.length / 2 ** 20)} MB file`);
  const sniff = sniffImage(bytes);
  const { format } = sniff;
  if (format === null) throw ocrError('not-image');
  if (format === 'svg') throw ocrError('image-format', 'svg');
  if (format === 'tiff' || format === 'ico') throw ocrError('image-format', format);
  if (sniff.width !== undefined && sniff.height !== undefined) {
    if (sniff.width === 0 || sniff.height === 0) throw ocrError('image-corrupt');
    if (sniff.width * sniff.height > MAX_PIXELS) {
      throw ocrError('image-too-large', `${sniff.width} × ${sniff.height} pixels`);
    }
  }
  if (sniff.truncated) throw ocrError('image-corrupt');
  return { ...sniff, format };
}

/** The decoder failed: say why in the student's terms. */
export function decodeFailure(format: SniffResult['format'], cause?: unknown): OcrError {
  const error =
    format === 'heic' || format === 'avif'
      ? ocrError('image-format', format)
      : ocrError('image-corrupt');
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause });
  return error;
}
