/**
 * `npm run ocr -- IMAGE…`: one JSON line per image, `{file, text, confidence, ms}`
 * (confidence 0–1), from the same pipeline the browser worker runs
 * (src/core/ocr/pipeline.ts), with sharp decoding and tesseract.js in Node.
 * A bad image gets one line on stderr (`ocr: FILE: message`) and the exit
 * code is 1; the other images are still read. `--lang chi_sim` adds Chinese.
 *
 * Also a module: the OCR benchmark imports the decoder and recognizer.
 */
import { mkdtemp, readFile, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { createWorker, OEM, type Worker as TesseractWorker } from 'tesseract.js';
import { AppError } from '../src/core/errors';
import { applyOrientation, readOrientation } from '../src/core/image/orientation';
import { fitWithin } from '../src/core/image/resize';
import type { RgbaImage } from '../src/core/image/types';
import { checkImageBytes, decodeFailure, MAX_PIXELS } from '../src/core/ocr/errors';
import { type PipelineOptions, runPipeline } from '../src/core/ocr/pipeline';
import { recognizerFromTesseract, TESSERACT_PARAMETERS } from '../src/core/ocr/tesseract-page';
import type { OcrRecognizer } from '../src/core/ocr/types';

/** Same cap as the browser decoder (src/engines/ocr/decode.ts). */
const DECODE_MAX_SIDE = 4096;

export type Language = 'eng' | 'chi_sim';

export interface DecodedFile {
  rgba: RgbaImage;
  width: number;
  height: number;
  notices: string[];
}

/** Decodes an image file to upright RGBA, with the same checks and messages as the browser. */
export async function decodeImageBytes(bytes: Uint8Array): Promise<DecodedFile> {
  const sniff = checkImageBytes(bytes);
  const notices = sniff.animated ? ['This image is animated; only its first frame was read.'] : [];
  try {
    let pipeline = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error', pages: 1 });
    const meta = await pipeline.metadata();
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    if (Math.max(width, height) > DECODE_MAX_SIDE) {
      const fit = fitWithin(width, height, DECODE_MAX_SIDE);
      pipeline = pipeline.resize(fit.width, fit.height, { fit: 'fill' });
    }
    const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const raw: RgbaImage = {
      width: info.width,
      height: info.height,
      data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
    };
    // sharp leaves EXIF orientation to the caller; the shared code applies it.
    const rgba = applyOrientation(raw, readOrientation(bytes));
    const swapped = rgba.width !== raw.width;
    return { rgba, width: swapped ? height : width, height: swapped ? width : height, notices };
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

export interface NodeRecognizer extends OcrRecognizer {
  worker: TesseractWorker;
  terminate(): Promise<void>;
}

/** tesseract.js in Node with its files from node_modules: nothing is downloaded. */
export async function createNodeRecognizer(language: Language = 'eng'): Promise<NodeRecognizer> {
  const languages = language === 'chi_sim' ? ['chi_sim', 'eng'] : ['eng'];
  const worker = await createWorker(languages, OEM.LSTM_ONLY, {
    langPath: await languageDir(languages),
    gzip: true,
    cacheMethod: 'none',
  });
  await worker.setParameters(TESSERACT_PARAMETERS);
  let currentPsm = '';
  const recognizer = recognizerFromTesseract(async (pgm, psm) => {
    if (psm !== currentPsm) {
      await worker.setParameters({ tessedit_pageseg_mode: psm as never });
      currentPsm = psm;
    }
    const result = await worker.recognize(Buffer.from(pgm), {}, { text: true, blocks: true });
    return result.data;
  });
  return { ...recognizer, worker, terminate: async () => void (await worker.terminate()) };
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

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run ocr -- [--lang eng|chi_sim] IMAGE…`);
  process.exit(2);
}

async function main(): Promise<void> {
  const files: string[] = [];
  let language: Language = 'eng';
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--lang' || arg.startsWith('--lang=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value !== 'eng' && value !== 'chi_sim') usage(`Bad --lang: ${value}`);
      language = value;
    } else if (arg.startsWith('-')) {
      usage(`Unknown option ${arg}`);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) usage('No image given.');
  let recognizer: NodeRecognizer | undefined;
  let failed = false;
  try {
    for (const file of files) {
      try {
        recognizer ??= await createNodeRecognizer(language);
        console.log(JSON.stringify(await ocrFile(file, recognizer)));
      } catch (error) {
        failed = true;
        console.error(`ocr: ${file}: ${describeError(error)}`);
      }
    }
  } finally {
    await recognizer?.terminate();
  }
  process.exitCode = failed ? 1 : 0;
}

function describeError(error: unknown): string {
  if (error instanceof AppError) return error.message;
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file.';
  if (code === 'EISDIR') return 'is a directory, not an image.';
  if (code === 'EACCES') return 'permission denied.';
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed';
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`ocr: ${describeError(error)}`);
    process.exit(1);
  });
}
