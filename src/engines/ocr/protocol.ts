/**
 * What the main thread (client.ts) and the OCR worker (worker.ts) say to each
 * other: the engine's interface, and its calls as a map for the generic wire
 * (../rpc). Images cross as transferables: the file's ArrayBuffer or the
 * sketch pad's ImageBitmap is moved, never copied.
 */
import type { TextRange } from '../../core/ocr/confidence';
import type { Call, FromWorker, ToWorker } from '../rpc/calls';

/** Tesseract language data the app serves. */
export type OcrLanguage = 'eng' | 'chi_sim';

export type OcrImage =
  /** An encoded file (upload, paste, drop) as its bytes. */
  | { kind: 'file'; bytes: ArrayBuffer; name?: string }
  /** Pixels already decoded on the main thread (the sketch pad). */
  | { kind: 'bitmap'; bitmap: ImageBitmap };

export interface RecognizeRequest {
  image: OcrImage;
  language: OcrLanguage;
}

export type OcrStage = 'loading' | 'decoding' | 'preparing' | 'reading';

export interface OcrProgress {
  stage: OcrStage;
  /** 0–1 within the stage, when known. */
  progress?: number;
}

export interface OcrResult {
  /** The problem as text for the Problem box. */
  text: string;
  /** 0–1. */
  confidence: number;
  /** Ranges of `text` the student should check. */
  uncertain: TextRange[];
  /** The image is mostly math (fractions, roots, powers), which tesseract reads poorly. */
  mathHeavy: boolean;
  /** Things the student should know, e.g. that only a GIF's first frame was read. */
  notices: string[];
  /** Decoded image size, before any downscaling. */
  width: number;
  height: number;
  /** Milliseconds from request to result inside the worker. */
  ms: number;
}

/** The worker's calls (src/engines/rpc/calls.ts has the wire format). */
export type OcrCalls = {
  recognize: Call<RecognizeRequest, OcrResult, OcrProgress>;
};

export type OcrRequest = ToWorker<OcrCalls>;
export type OcrReply = FromWorker<OcrCalls>;

export interface RecognizeOptions {
  signal?: AbortSignal;
  onProgress?: (progress: OcrProgress) => void;
  language?: OcrLanguage;
}

/** What the UI talks to: the worker proxy implements it, and so can a fake in tests. */
export interface OcrEngine {
  recognize(image: Blob | ImageBitmap, options?: RecognizeOptions): Promise<OcrResult>;
  dispose(): void;
}
