/**
 * The pipeline's recognizer over a started tesseract.js worker, for the
 * browser worker and for Node alike. Only how the PGM bytes are handed to
 * tesseract.js differs: a Blob in a browser, a Buffer in Node.
 */
import type { ImageLike, Worker as TesseractWorker } from 'tesseract.js';
import { recognizerFromTesseract, TESSERACT_PARAMETERS } from '../../core/ocr/tesseract-page';
import type { LoadedRecognizer } from './handler';

export async function tesseractRecognizer(
  tesseract: TesseractWorker,
  image: (pgm: Uint8Array) => ImageLike,
): Promise<LoadedRecognizer> {
  await tesseract.setParameters(TESSERACT_PARAMETERS);
  let currentPsm = '';
  const recognizer = recognizerFromTesseract(async (pgm, psm) => {
    if (psm !== currentPsm) {
      // Typed as tesseract.js's PSM enum, whose values are these same strings.
      await tesseract.setParameters({ tessedit_pageseg_mode: psm as never });
      currentPsm = psm;
    }
    const result = await tesseract.recognize(image(pgm), {}, { text: true, blocks: true });
    return result.data;
  });
  return { ...recognizer, terminate: async () => void (await tesseract.terminate()) };
}
