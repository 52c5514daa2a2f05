/**
 * What the main thread (client.ts) and the OCR worker (worker.ts) say to each
 * other: the engine's interface, and its calls as a map for the generic wire
 * (../rpc). Images cross as transferables: the file's ArrayBuffer or the
 * sketch pad's ImageBitmap is moved, never copied.
 */
import type { PenStroke } from '../../core/image/strokes';
import type { ImageTransform, NormBox } from '../../core/image/transform';
import type { TextRange } from '../../core/ocr/confidence';
import type { FormulaModelEntry } from '../../core/ocr/formula/models';
import type { Call, FromWorker, ToWorker } from '../rpc/calls';

/** Tesseract language data the app serves. */
export type OcrLanguage = 'eng' | 'chi_sim';

export type OcrImage =
  /** An encoded file (upload, paste, drop) as its bytes. */
  | { kind: 'file'; bytes: ArrayBuffer; name?: string }
  /** Pixels already decoded on the main thread. */
  | { kind: 'bitmap'; bitmap: ImageBitmap }
  /** The sketch pad's strokes (CSS pixels): the worker draws them at the recogniser's size. */
  | { kind: 'strokes'; strokes: PenStroke[] };

/** Which formula recogniser to use, and whether it may be downloaded now. */
export interface FormulaRequest {
  model: FormulaModelEntry;
  /** Absolute URL of the model's folder. */
  folderUrl: string;
  /** False: use the model only if it is already on this device (no download, no error). */
  download: boolean;
}

export interface RecognizeRequest {
  image: OcrImage;
  language: OcrLanguage;
  transform?: ImageTransform;
  formula?: FormulaRequest;
}

/** Reads one region of a picture as a formula (the student selected it). */
export interface ReadFormulaRequest {
  image: OcrImage;
  transform?: ImageTransform;
  /** On the picture after `transform`. */
  region: NormBox;
  formula: FormulaRequest;
}

export type OcrStage =
  | 'loading'
  | 'decoding'
  | 'preparing'
  | 'reading'
  | 'formula-model'
  | 'formulas';

export interface OcrProgress {
  stage: OcrStage;
  /** 0–1 within the stage, when known. */
  progress?: number;
}

export interface OcrFormula extends TextRange {
  latex: string;
  /** 0–1. */
  confidence: number;
}

export interface OcrWord extends TextRange {
  /** Where the word is on the picture (after the student's crop and turn), as fractions. */
  box: NormBox;
  /** 0–1, calibrated. */
  confidence: number;
}

/**
 * What the formula recogniser did for this picture: read its formulas; was
 * not on this device (and could read `formulaCandidates` formulas if
 * downloaded); failed (the text is tesseract's); or there was nothing to do.
 */
export type FormulaStatus = 'used' | 'not-downloaded' | 'failed' | 'none';

export interface OcrResult {
  /** The problem as text for the Problem box; formulas as `$…$` when the formula model read them. */
  text: string;
  /** 0–1, calibrated: of words shown at 80%, about 80% are right. */
  confidence: number;
  /** Ranges of `text` the student should check. */
  uncertain: TextRange[];
  /** The image is mostly math (fractions, roots, powers), which tesseract reads poorly. */
  mathHeavy: boolean;
  formulas: OcrFormula[];
  words: OcrWord[];
  /** Formulas the layout found (read by the formula model or not). */
  formulaCandidates: number;
  formulaStatus: FormulaStatus;
  /** Things the student should know, e.g. that only a GIF's first frame was read. */
  notices: string[];
  /** Decoded image size, before any downscaling. */
  width: number;
  height: number;
  /** Milliseconds from request to result inside the worker. */
  ms: number;
}

export interface FormulaResult {
  latex: string;
  confidence: number;
  ms: number;
}

/** The worker's calls (src/engines/rpc/calls.ts has the wire format). */
export type OcrCalls = {
  recognize: Call<RecognizeRequest, OcrResult, OcrProgress>;
  readFormula: Call<ReadFormulaRequest, FormulaResult, OcrProgress>;
};

export type OcrRequest = ToWorker<OcrCalls>;
export type OcrReply = FromWorker<OcrCalls>;

export interface RecognizeOptions {
  signal?: AbortSignal;
  onProgress?: (progress: OcrProgress) => void;
  language?: OcrLanguage;
  transform?: ImageTransform;
  formula?: FormulaRequest;
}

export interface ReadFormulaOptions {
  signal?: AbortSignal;
  onProgress?: (progress: OcrProgress) => void;
  transform?: ImageTransform;
}

/** A picture as the UI holds it: a file, decoded pixels, or the sketch pad's strokes. */
export type OcrInput = Blob | ImageBitmap | { strokes: PenStroke[] };

/** What the UI talks to: the worker proxy implements it, and so can a fake in tests. */
export interface OcrEngine {
  recognize(image: OcrInput, options?: RecognizeOptions): Promise<OcrResult>;
  readFormula(
    image: OcrInput,
    region: NormBox,
    formula: FormulaRequest,
    options?: ReadFormulaOptions,
  ): Promise<FormulaResult>;
  dispose(): void;
}
