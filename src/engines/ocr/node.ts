/**
 * The OCR engine in Node: the same pipeline as the browser worker
 * (src/core/ocr/pipeline.ts), with sharp decoding the file and tesseract.js
 * reading it with its files from node_modules, nothing downloaded. Used by
 * `npm run ocr`, the OCR benchmark and the tests.
 */
import { mkdtemp, readFile, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM } from 'tesseract.js';
import { AppError } from '../../core/errors';
import { fitWithin } from '../../core/image/resize';
import type { RgbaImage } from '../../core/image/types';
import { checkImageBytes, decodeFailure, MAX_PIXELS } from '../../core/ocr/errors';
import { type PipelineOptions, runPipeline } from '../../core/ocr/pipeline';
import type { OcrRecognizer } from '../../core/ocr/types';
import { DECODE_MAX_SIDE } from './decode';
import type { DecodedImage, LoadedRecognizer } from './handler';
import type { OcrLanguage } from './protocol';
import { tesseractRecognizer } from './tesseract';

/** Decodes an image file to upright RGBA, with the same checks and messages as the browser. */
export async function decodeImageBytes(bytes: Uint8Array): Promise<DecodedImage> {
  const sniff = checkImageBytes(bytes);
  const notices = sniff.animated ? ['This image is animated; only its first frame was read.'] : [];
  try {
    const input = () => sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error', pages: 1 });
    // Upright as a phone's EXIF orientation says (the browser's decoder does the same).
    const meta = await input().metadata();
    const width = meta.autoOrient?.width ?? meta.width ?? 0;
    const height = meta.autoOrient?.height ?? meta.height ?? 0;
    let pipeline = input().autoOrient();
    if (Math.max(width, height) > DECODE_MAX_SIDE) {
      const fit = fitWithin(width, height, DECODE_MAX_SIDE);
      pipeline = pipeline.resize(fit.width, fit.height, { fit: 'fill' });
    }
    const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const rgba: RgbaImage = {
      width: info.width,
      height: info.height,
      data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
    };
    return { rgba, width, height, notices };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw decodeFailure(sniff.format, error);
  }
}

function dataFile(language: string): string {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve(`@tesseract.js-data/${language}/package.json`));
  return path.join(dir, '4.0.0_best_int', `${language}.traineddata.gz`);
}

/**
 * tesseract.js reads every language from one folder, and each npm package
 * has its own: for more than one language, link them side by side in a
 * temporary folder.
 */
async function languageDir(languages: string[]): Promise<string> {
  if (languages.length === 1) return path.dirname(dataFile(languages[0] ?? 'eng'));
  const dir = await mkdtemp(path.join(tmpdir(), 'math-tutor-tessdata-'));
  for (const language of languages)
    await symlink(dataFile(language), path.join(dir, `${language}.traineddata.gz`));
  return dir;
}

export type NodeRecognizer = LoadedRecognizer;

/** tesseract.js in Node with its files from node_modules: nothing is downloaded. */
export async function createNodeRecognizer(language: OcrLanguage = 'eng'): Promise<NodeRecognizer> {
  const languages = language === 'chi_sim' ? ['chi_sim', 'eng'] : ['eng'];
  const worker = await createWorker(languages, OEM.LSTM_ONLY, {
    langPath: await languageDir(languages),
    gzip: true,
    cacheMethod: 'none',
  });
  return tesseractRecognizer(worker, (pgm) => Buffer.from(pgm));
}

export interface OcrLine {
  file: string;
  text: string;
  confidence: number;
  ms: number;
}

export async function ocrFile(
  file: string,
  recognizer: OcrRecognizer,
  options: Partial<PipelineOptions> = {},
): Promise<OcrLine> {
  const started = performance.now();
  const bytes = new Uint8Array(await readFile(file));
  const decoded = await decodeImageBytes(bytes);
  const result = await runPipeline(decoded.rgba, recognizer, options);
  return {
    file,
    text: result.text,
    confidence: result.confidence,
    ms: Math.round(performance.now() - started),
  };
}
