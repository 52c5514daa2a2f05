import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { textLines } from '../../core/image/test-images';
import type { GrayImage } from '../../core/image/types';
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
    expect(result.result.confidence).toBeCloseTo(0.91);
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
