/**
 * Every English sentence of the photo and sketch UI, in one place, so that
 * they move into the app's translations (src/app/i18n) in one step.
 */

import type { OcrStage } from '../../../engines/ocr/protocol';
import { formatBytes } from '../../solver/download';

export const STAGES: Record<OcrStage, string> = {
  decoding: 'Opening the image…',
  loading: 'Loading the text recognizer…',
  preparing: 'Cleaning up the image…',
  reading: 'Reading the text…',
  'formula-model': 'Downloading the formula reader…',
  formulas: 'Reading the formulas…',
};

export const text = {
  region: 'Read from the picture',
  pictureAlt: 'The problem being read',
  pictureHelp: 'Drag across the picture to select a part.',
  turnLeft: 'Turn left',
  turnRight: 'Turn right',
  readPart: 'Read this part',
  readFormula: 'Read as formula',
  clearSelection: 'Clear selection',
  wholePicture: 'Whole picture',
  typesetLabel: 'As it will be solved:',
  empty: 'The Problem box is empty.',
  confidence: (percent: number, uncertain: boolean) =>
    `Confidence ${percent}%${uncertain ? ': check the highlighted parts.' : '.'} The text is in the Problem box to correct.`,
  changed: 'You have changed the Problem box; the picture shows what was read before.',
  mathHeavy:
    'This looks mostly like math (fractions, roots, powers). Text recognition often gets these wrong: compare the Problem box with the picture, symbol by symbol, before solving.',
  formulaOffer: (count: number, bytes: number | null) =>
    `${count === 1 ? 'A formula' : `${count} formulas`} in this picture can be read as LaTeX by the formula reader${bytes ? ` (${formatBytes(bytes)}, downloaded once)` : ' (downloaded once)'}.`,
  formulaOfferButton: 'Read the formulas',
  formulaDownloadNote: (bytes: number | null) =>
    `The formula reader${bytes ? ` (${formatBytes(bytes)})` : ''} is downloaded the first time.`,
  formulaUsed: 'Formulas were read by the formula reader; check them against the picture.',
  uncertainFormula: (percent: number) => `Formula, ${percent}% sure: check it.`,
  uncertainWord: (percent: number) => `${percent}% sure: check it.`,
  readingFailed: 'Something went wrong while reading the image. Try again, or type the problem.',
};
