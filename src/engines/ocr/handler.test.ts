import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { textLines } from '../../core/image/test-images';
import type { GrayImage } from '../../core/image/types';
import { calibrated } from '../../core/ocr/calibration';
import type { OcrPage } from '../../core/ocr/types';
import { createOcrHandler, type LoadedRecognizer } from './handler';
import type { OcrReply, OcrRequest } from './protocol';

function pageFor(image: GrayImage, text: string): OcrPage {
  const bbox = { x0: 0, y0: 0, x1: image.width, y1: image.height };
  const symbols = [...text].map((ch, i) => ({
    text: ch,
    confidence: 91,
    bbox: { x0: i * 10, y0: 10, x1: i * 10 + 9, y1: 40 },
  }));
  return {
    text,
    confidence: 91,
    lines: [{ bbox, words: [{ text, confidence: 91, bbox, symbols }] }],
  };
}

function setup(options: { failLoad?: boolean; text?: string } = {}) {
  const replies: OcrReply[] = [];
  const loads: string[] = [];
  const terminated: string[] = [];
  const handle = createOcrHandler({
    post: (reply) => replies.push(reply),
    decode: async (image) => {
      if (image.kind !== 'file') throw new Error('files only here');
      return { rgba: textLines(), width: 600, height: 300, notices: ['a notice'] };
    },
    loadRecognizer: async (language, onProgress): Promise<LoadedRecognizer> => {
      loads.push(language);
      onProgress(0.5);
      if (options.failLoad) throw new Error('Network error while fetching eng.traineddata');
      return {
        recognize: async (image) => pageFor(image, options.text ?? 'Hello'),
        terminate: async () => void terminated.push(language),
      };
    },
  });
  return { replies, loads, terminated, handle };
}

const request = (id: number, language: 'eng' | 'chi_sim' = 'eng'): OcrRequest => ({
  type: 'recognize',
  id,
  request: { language, image: { kind: 'file', bytes: new ArrayBuffer(8) } },
});

describe('OCR worker handler', () => {
  it('replies with progress, then one result for the request id', async () => {
    const { replies, handle } = setup();
    await handle(request(1));
    const types = replies.map((r) => r.type);
    expect(types.at(-1)).toBe('result');
    expect(types.slice(0, -1).every((t) => t === 'progress')).toBe(true);
    expect(replies.every((r) => r.id === 1)).toBe(true);
    const result = replies.at(-1);
    if (result?.type !== 'result') throw new Error('no result');
    expect(result.result).toMatchObject({
      text: 'Hello',
      notices: ['a notice'],
      width: 600,
      height: 300,
      mathHeavy: false,
    });
    // Tesseract's 91 for a prose word, shown as the calibrated chance of being right.
    expect(result.result.confidence).toBeCloseTo(calibrated(0.91, 'Hello'));
    const stages = replies.flatMap((r) => (r.type === 'progress' ? [r.progress.stage] : []));
    expect(stages).toEqual(expect.arrayContaining(['decoding', 'loading', 'preparing', 'reading']));
  });

  it('loads tesseract once, and again only for another language', async () => {
    const { loads, terminated, handle } = setup();
    await Promise.all([handle(request(1)), handle(request(2))]);
    expect(loads).toEqual(['eng']);
    await handle(request(3, 'chi_sim'));
    expect(loads).toEqual(['eng', 'chi_sim']);
    expect(terminated).toEqual(['eng']);
  });

  it('turns a failure into a serialised error with a code and a message for the student', async () => {
    const { replies, handle } = setup({ failLoad: true });
    await handle(request(4));
    const last = replies.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') return;
    expect(last.error.code).toBe('ocr-failed');
    expect(last.error.message).toMatch(/Try again/);
  });

  it('reports no-text as such', async () => {
    const { replies, handle } = setup({ text: '~' });
    await handle(request(5));
    const last = replies.at(-1);
    expect(last?.type === 'error' && last.error.code).toBe('no-text');
  });

  it('keeps a real decoder error as the decoder said it (corrupt, not engine)', async () => {
    const { decodeInWorker } = await import('./decode');
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const truncated = png.subarray(0, png.length - 12);
    const bytes = truncated.buffer.slice(
      truncated.byteOffset,
      truncated.byteOffset + truncated.length,
    ) as ArrayBuffer;
    await expect(decodeInWorker({ kind: 'file', bytes })).rejects.toMatchObject({
      code: 'image-corrupt',
    });
  });
});

describe('OCR worker handler with a formula recogniser', () => {
  const formula = {
    model: {
      id: 'm',
      name: 'M',
      baseUrl: 'https://x/m/',
      encoder: 'onnx/encoder_model.onnx',
      decoder: 'onnx/decoder_model_merged.onnx',
    },
    folderUrl: 'https://x/m/',
  };
  const file = { kind: 'file' as const, bytes: new ArrayBuffer(8) };

  function withFormulas(options: { stored: boolean; fail?: boolean; text?: string }) {
    const replies: OcrReply[] = [];
    const loads: boolean[] = [];
    const handle = createOcrHandler({
      post: (reply) => replies.push(reply),
      decode: async () => ({ rgba: textLines(), width: 600, height: 300, notices: [] }),
      loadRecognizer: async () => ({
        recognize: async (image) => pageFor(image, options.text ?? 'x+1=2'),
        terminate: async () => {},
      }),
      loadFormulaReader: async (request) => {
        loads.push(request.download);
        if (options.fail) throw new Error('offline');
        if (!options.stored && !request.download) return null;
        return { read: async () => ({ latex: 'x+1=2', confidence: 0.9 }), dispose: async () => {} };
      },
    });
    return { replies, loads, handle };
  }
  const recognize = (id: number, download: boolean): OcrRequest => ({
    type: 'recognize',
    id,
    request: { language: 'eng', image: file, formula: { ...formula, download } },
  });
  const ocrResult = (replies: OcrReply[]) => {
    const reply = replies.at(-1);
    if (reply?.type !== 'result' || reply.call !== 'recognize') throw new Error('no result');
    return reply.result;
  };

  it('reads formulas with the model when it is on this device', async () => {
    const { replies, handle } = withFormulas({ stored: true });
    await handle(recognize(1, false));
    const result = ocrResult(replies);
    expect(result.text).toBe('$x+1=2$');
    expect(result.formulaStatus).toBe('used');
    expect(result.formulas).toEqual([{ start: 0, end: 7, latex: 'x+1=2', confidence: 0.9 }]);
    expect(result.words[0]?.box.width).toBeGreaterThan(0);
  });

  it('without the model, reads as before and says what the model could do', async () => {
    const { replies, loads, handle } = withFormulas({ stored: false });
    await handle(recognize(1, false));
    const result = ocrResult(replies);
    expect(result.text).toBe('x+1=2');
    expect(result.formulaStatus).toBe('not-downloaded');
    expect(result.formulaCandidates).toBe(1);
    expect(loads).toEqual([false]);
  });

  it('when the model cannot be had, the text is tesseract’s and nothing fails', async () => {
    const { replies, handle } = withFormulas({ stored: false, fail: true });
    await handle(recognize(1, true));
    expect(ocrResult(replies)).toMatchObject({ text: 'x+1=2', formulaStatus: 'failed' });
  });

  it('reads a selected region as a formula, or says the reader is unavailable', async () => {
    const region = { x: 0, y: 0, width: 1, height: 1 };
    const ask = (id: number): OcrRequest => ({
      type: 'readFormula',
      id,
      request: { image: file, region, formula: { ...formula, download: true } },
    });
    const ok = withFormulas({ stored: false });
    await ok.handle(ask(1));
    expect(ok.replies.at(-1)).toMatchObject({ type: 'result', result: { latex: 'x+1=2' } });
    const offline = withFormulas({ stored: false, fail: true });
    await offline.handle(ask(2));
    const reply = offline.replies.at(-1);
    expect(reply?.type === 'error' && reply.error.code).toBe('formula-unavailable');
  });

  it('draws the sketch pad’s strokes itself', async () => {
    const { replies, handle } = withFormulas({ stored: false, text: '7' });
    await handle({
      type: 'recognize',
      id: 1,
      request: {
        language: 'eng',
        image: {
          kind: 'strokes',
          strokes: [
            {
              points: [
                [10, 10],
                [10, 60],
              ],
              width: 4,
            },
          ],
        },
      },
    });
    const result = ocrResult(replies);
    expect(result.text).toBe('7');
    // Drawn at the recogniser's size: a 48 px line and margins, not the pad's.
    expect(result.height).toBe(48 * 3);
  });
});
