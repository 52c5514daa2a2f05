import { describe, expect, it } from 'vitest';
import { decodePgm } from '../image/pnm';
import { pageFromTesseract, recognizerFromTesseract, transformPage } from './tesseract-page';

const tesseractData = {
  text: 'x2 + 1\n',
  confidence: 88,
  blocks: [
    {
      paragraphs: [
        {
          lines: [
            {
              bbox: { x0: 0, y0: 0, x1: 100, y1: 40 },
              words: [
                {
                  text: 'x2',
                  confidence: 80,
                  bbox: { x0: 0, y0: 5, x1: 30, y1: 40 },
                  symbols: [
                    { text: 'x', confidence: 90, bbox: { x0: 0, y0: 15, x1: 15, y1: 40 } },
                    { text: '2', confidence: 70, bbox: { x0: 17, y0: 5, x1: 30, y1: 22 } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe('pageFromTesseract', () => {
  it('flattens blocks and paragraphs into lines of words and symbols', () => {
    const page = pageFromTesseract(tesseractData);
    expect(page.text).toBe('x2 + 1\n');
    expect(page.lines).toHaveLength(1);
    expect(page.lines[0]?.words[0]?.symbols.map((s) => s.text)).toEqual(['x', '2']);
  });

  it('gives an empty page for missing or malformed data instead of throwing', () => {
    expect(pageFromTesseract(null)).toEqual({ text: '', confidence: 0, lines: [] });
    expect(pageFromTesseract({ blocks: [{ paragraphs: 'nope' }] }).lines).toEqual([]);
  });

  it('moves and scales boxes into page coordinates', () => {
    const moved = transformPage(pageFromTesseract(tesseractData), 10, 20, 2);
    expect(moved.lines[0]?.words[0]?.symbols[1]?.bbox).toEqual({ x0: 44, y0: 30, x1: 70, y1: 64 });
  });
});

describe('recognizerFromTesseract', () => {
  it('hands tesseract a PGM of the image with the page segmentation mode', async () => {
    const calls: { size: string; psm: string }[] = [];
    const recognizer = recognizerFromTesseract(async (pgm, psm) => {
      const image = decodePgm(pgm);
      calls.push({ size: `${image.width}x${image.height}`, psm });
      return tesseractData;
    });
    const page = await recognizer.recognize(
      { width: 3, height: 2, data: new Uint8ClampedArray(6) },
      'line',
    );
    expect(calls).toEqual([{ size: '3x2', psm: '7' }]);
    expect(page.confidence).toBe(88);
  });
});
