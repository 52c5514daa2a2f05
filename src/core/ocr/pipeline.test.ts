import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { rasterizeStrokes } from '../image/strokes';
import { textLines } from '../image/test-images';
import type { GrayImage } from '../image/types';
import { runPipeline } from './pipeline';
import type { OcrPage, OcrRecognizer, PageSegMode } from './types';

/** One line with the given words spread over the image's width, full height. */
function pageOf(
  image: GrayImage,
  words: { text: string; at: number; confidence?: number }[],
  confidence = 90,
): OcrPage {
  const h = image.height;
  return {
    text: words.map((w) => w.text).join(' '),
    confidence,
    lines:
      words.length === 0
        ? []
        : [
            {
              bbox: { x0: 0, y0: 0, x1: image.width, y1: h },
              words: words.map(({ text, at, confidence: c = confidence }) => {
                const x0 = Math.round(at * image.width);
                const symbols = [...text].map((ch, i) => ({
                  text: ch,
                  confidence: c,
                  bbox: { x0: x0 + i * 10, y0: h * 0.3, x1: x0 + i * 10 + 9, y1: h * 0.7 },
                }));
                return {
                  text,
                  confidence: c,
                  bbox: { x0, y0: h * 0.3, x1: x0 + text.length * 10, y1: h * 0.7 },
                  symbols,
                };
              }),
            },
          ],
  };
}

function fake(
  answer: (image: GrayImage, mode: PageSegMode, call: number) => OcrPage,
): OcrRecognizer & { modes: PageSegMode[] } {
  const modes: PageSegMode[] = [];
  return {
    modes,
    async recognize(image, mode) {
      modes.push(mode);
      return answer(image, mode, modes.length);
    },
  };
}

describe('runPipeline', () => {
  it('reads a page: preprocess, recognise, clean up, score', async () => {
    // 97: what tesseract gives clean print; calibrated, a lone number at 90 is a coin toss.
    const recognizer = fake((image) =>
      pageOf(
        image,
        [
          { text: 'Solve', at: 0.05 },
          { text: '2x\u00B2', at: 0.3, confidence: 50 },
          { text: '\u2014', at: 0.5 },
          { text: '8', at: 0.6 },
        ],
        97,
      ),
    );
    const result = await runPipeline(textLines(), recognizer);
    expect(result.text).toBe('Solve 2x^2 - 8');
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.confidence).toBeLessThan(0.9);
    expect(result.uncertain.map((r) => result.text.slice(r.start, r.end))).toEqual(['2x^2']);
    expect(recognizer.modes).toEqual(['auto']);
    expect(Object.keys(result.timings)).toEqual([
      'preprocess',
      'layout',
      'recognize',
      'regions',
      'formulas',
      'postprocess',
    ]);
  });

  it('says there is no text on an empty picture', async () => {
    const white = { width: 200, height: 100, data: new Uint8ClampedArray(200 * 100 * 4).fill(255) };
    await expect(
      runPipeline(
        white,
        fake((image) => pageOf(image, [])),
      ),
    ).rejects.toMatchObject({ code: 'no-text' });
    await expect(
      runPipeline(
        textLines(),
        fake((image) => pageOf(image, [{ text: '~', at: 0.1 }])),
      ),
    ).rejects.toBeInstanceOf(AppError);
  });

  it('reads a sparse sketch as a block and as a line when layout analysis finds nothing', async () => {
    const recognizer = fake((image, mode) =>
      mode === 'auto'
        ? pageOf(image, [])
        : pageOf(
            image,
            [{ text: mode === 'line' ? '1+7' : '1T+7', at: 0.2 }],
            mode === 'line' ? 88 : 26,
          ),
    );
    const result = await runPipeline(textLines({ lines: 1 }), recognizer);
    expect(recognizer.modes).toEqual(['auto', 'block', 'line']);
    expect(result.text).toBe('1+7');
  });

  it('reads a stacked fraction on its own and splices it into its line', async () => {
    // "Divide ⅔ ," : a word, a fraction (2 over a bar over 3), a comma.
    const glyph = (x: number, y: number): { points: [number, number][]; width: number } => ({
      points: [
        [x, y],
        [x + 16, y],
        [x + 16, y + 26],
        [x, y + 26],
        [x, y],
      ],
      width: 4,
    });
    const strokes = [
      glyph(40, 70),
      glyph(62, 70),
      glyph(84, 70),
      glyph(106, 70),
      glyph(200, 40),
      {
        points: [
          [188, 78],
          [228, 78],
        ] as [number, number][],
        width: 4,
      },
      glyph(200, 86),
      glyph(300, 70),
      glyph(322, 70),
    ];
    const reads = ['2', '3'];
    const recognizer = fake((image, mode) =>
      mode === 'line'
        ? pageOf(image, [{ text: reads.shift() ?? '?', at: 0.3 }])
        : pageOf(image, [
            { text: 'Divide', at: 0.02 },
            { text: 'by', at: 0.7 },
          ]),
    );
    const result = await runPipeline(rasterizeStrokes(strokes, 400, 160), recognizer);
    expect(result.regions.map((r) => r.kind)).toEqual(['fraction']);
    expect(recognizer.modes).toEqual(['auto', 'line', 'line']);
    expect(result.text).toBe('Divide 2/3 by');
  });

  it('can skip every step for the raw baseline', async () => {
    const recognizer = fake((image) => pageOf(image, [{ text: 'raw', at: 0.1 }]));
    const result = await runPipeline(textLines(), recognizer, {
      preprocess: false,
      layout: false,
      cleanup: false,
    });
    expect(result.text).toBe('raw');
  });
});
