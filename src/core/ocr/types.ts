import type { Box, GrayImage, RgbaImage } from '../image/types';

/** Tesseract page segmentation modes the pipeline uses. */
export type PageSegMode =
  /** Automatic layout: a page of text. */
  | 'auto'
  /** One uniform block of text. */
  | 'block'
  /** One line of text: a numerator, a radicand. */
  | 'line'
  /** One word. */
  | 'word'
  /** One character: a superscript. */
  | 'char';

export interface OcrSymbol {
  text: string;
  /** 0–100, as tesseract reports it. */
  confidence: number;
  bbox: Box;
}

export interface OcrWord {
  text: string;
  confidence: number;
  bbox: Box;
  symbols: OcrSymbol[];
}

export interface OcrLine {
  bbox: Box;
  words: OcrWord[];
}

/** The part of a tesseract result the pipeline reads, engine-neutral. */
export interface OcrPage {
  text: string;
  /** 0–100 mean word confidence. */
  confidence: number;
  lines: OcrLine[];
}

/**
 * What the pipeline needs from an OCR engine: read one gray image. The browser
 * worker and the Node CLI each wrap their own tesseract.js worker in this, so
 * everything above it (preprocessing, layout, clean-up) is shared code.
 */
export interface OcrRecognizer {
  recognize(image: GrayImage, mode: PageSegMode): Promise<OcrPage>;
}

/** tesseract's numeric codes for the modes above (tessedit_pageseg_mode). */
export const PSM_CODES: Record<PageSegMode, string> = {
  auto: '3',
  block: '6',
  line: '7',
  word: '8',
  char: '10',
};

/** A formula read as LaTeX by an image-to-LaTeX model. */
export interface FormulaReading {
  latex: string;
  /** 0–1. */
  confidence: number;
}

/**
 * What the pipeline needs from a formula recogniser: read one picture of a
 * formula (a crop). Optional: without one, formulas are read by tesseract.
 */
export interface FormulaReader {
  read(image: RgbaImage): Promise<FormulaReading>;
}
