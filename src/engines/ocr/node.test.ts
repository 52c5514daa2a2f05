import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rasterizeStrokes } from '../../core/image/strokes';
import { runPipeline } from '../../core/ocr/pipeline';
import { createNodeRecognizer, decodeImageBytes, type NodeRecognizer, ocrFile } from './node';

/**
 * The shared pipeline end to end with the real tesseract.js in Node: what
 * `npm run ocr` and the benchmark run. Slow-ish (a few seconds).
 */
/** Six of the OCR dev images, kept in the repository (fixtures/README.md). */
const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/ocr');

/** A line of printed text, drawn by librsvg with a font every Debian has. */
const textSvg = (text: string) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="700" height="120"><rect width="100%" height="100%" fill="#fff"/><text x="20" y="75" font-size="40" font-family="DejaVu Sans">${text}</text></svg>`,
  );

let recognizer: NodeRecognizer;
beforeAll(async () => {
  recognizer = await createNodeRecognizer('eng');
});
afterAll(async () => {
  await recognizer?.terminate();
});

describe('OCR in Node', () => {
  it('reads a dev image', async () => {
    const line = await ocrFile(path.join(FIXTURES, 'printed-text-02.png'), recognizer);
    expect(line.text).toContain('Grace weighs 125 pounds');
    expect(line.confidence).toBeGreaterThan(0.8);
    expect(line.confidence).toBeLessThanOrEqual(1);
  });

  it('turns a phone photo upright from its EXIF orientation', async () => {
    // Stored sideways, tagged "rotate 90° clockwise to view" (orientation 6), as phones do.
    const upright = await sharp(textSvg('Carver just turned 45')).png().toBuffer();
    const sideways = await sharp(upright).rotate(-90).jpeg({ quality: 95 }).toBuffer();
    const tagged = await sharp(sideways).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const decoded = await decodeImageBytes(new Uint8Array(tagged));
    expect(decoded.rgba.width).toBeGreaterThan(decoded.rgba.height);
    expect({ width: decoded.width, height: decoded.height }).toEqual({ width: 700, height: 120 });
    const result = await runPipeline(decoded.rgba, recognizer);
    expect(result.text).toContain('Carver just turned 45');
  });

  it('reads "1 + 7" drawn as large pen strokes, as from the sketch pad', async () => {
    const stroke = (points: [number, number][]) => ({ points, width: 6 });
    const sketch = rasterizeStrokes(
      [
        stroke([
          [75, 85],
          [95, 65],
          [95, 165],
        ]),
        stroke([
          [175, 115],
          [235, 115],
        ]),
        stroke([
          [205, 85],
          [205, 145],
        ]),
        stroke([
          [285, 65],
          [345, 65],
          [305, 165],
        ]),
      ],
      796,
      240,
    );
    const result = await runPipeline(sketch, recognizer);
    expect(result.text.replace(/\s/g, '')).toBe('1+7');
  });

  it('reads the first frame of an animated GIF and says so', async () => {
    const frames = await Promise.all(
      ['What is 12 plus 30?', 'Something else'].map((t) => sharp(textSvg(t)).png().toBuffer()),
    );
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    const decoded = await decodeImageBytes(new Uint8Array(gif));
    expect(decoded.notices.join(' ')).toMatch(/first frame/);
    expect((await runPipeline(decoded.rgba, recognizer)).text).toContain('12 plus 30');
  });
});
