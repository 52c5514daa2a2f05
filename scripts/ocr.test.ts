import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rasterizeStrokes } from '../src/core/image/strokes';
import { runPipeline } from '../src/core/ocr/pipeline';
import { createNodeRecognizer, decodeImageBytes, type NodeRecognizer, ocrFile } from './ocr';

/**
 * The shared pipeline end to end with the real tesseract.js in Node: what
 * `npm run ocr` and the benchmark run. Slow-ish (a few seconds).
 */
const DEV = path.resolve(import.meta.dirname, '../../shared/data/ocr/dev');
const run = promisify(execFile);

let recognizer: NodeRecognizer;
beforeAll(async () => {
  recognizer = await createNodeRecognizer('eng');
});
afterAll(async () => {
  await recognizer?.terminate();
});

describe('OCR in Node', () => {
  it.skipIf(!existsSync(DEV))('reads a dev image', async () => {
    const line = await ocrFile(path.join(DEV, 'printed-text-02.png'), recognizer);
    expect(line.text).toContain('Grace weighs 125 pounds');
    expect(line.confidence).toBeGreaterThan(0.8);
    expect(line.confidence).toBeLessThanOrEqual(1);
  });

  it.skipIf(!existsSync(DEV))('turns a phone photo upright from its EXIF orientation', async () => {
    // Stored sideways, tagged "rotate 90° clockwise to view" (orientation 6), as phones do.
    const sideways = await sharp(path.join(DEV, 'printed-text-10.png'))
      .rotate(-90)
      .jpeg()
      .toBuffer();
    const tagged = await sharp(sideways).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const decoded = await decodeImageBytes(new Uint8Array(tagged));
    expect(decoded.rgba.width).toBeGreaterThan(decoded.rgba.height);
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
    const svg = (text: string) =>
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="700" height="120"><rect width="100%" height="100%" fill="#fff"/><text x="20" y="75" font-size="40" font-family="DejaVu Sans">${text}</text></svg>`,
      );
    const frames = await Promise.all(
      ['What is 12 plus 30?', 'Something else'].map((t) => sharp(svg(t)).png().toBuffer()),
    );
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    const decoded = await decodeImageBytes(new Uint8Array(gif));
    expect(decoded.notices.join(' ')).toMatch(/first frame/);
    expect((await runPipeline(decoded.rgba, recognizer)).text).toContain('12 plus 30');
  });
});

describe('npm run ocr', () => {
  it('prints one JSON line per good image and one stderr line per bad one, exit 1', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ocr-cli-'));
    const good = path.join(dir, 'good.png');
    await sharp(
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="100"><rect width="100%" height="100%" fill="#fff"/><text x="20" y="65" font-size="40" font-family="DejaVu Sans">Solve 3x = 12</text></svg>',
      ),
    )
      .png()
      .toFile(good);
    const empty = path.join(dir, 'empty.jpg');
    await writeFile(empty, '');
    const svg = path.join(dir, 'evil.svg');
    await writeFile(svg, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
    const failure = await run(
      'npx',
      ['tsx', path.join(import.meta.dirname, 'ocr.ts'), good, empty, svg],
      {
        cwd: path.resolve(import.meta.dirname, '..'),
      },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in failure && failure.code).toBe(1);
    const lines = failure.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['file', 'text', 'confidence', 'ms']);
    expect(json.text).toBe('Solve 3x = 12');
    const errors = failure.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('ocr: '));
    expect(errors).toEqual([
      `ocr: ${empty}: This file is empty (0 bytes). Choose the photo again, or take a new one.`,
      expect.stringMatching(/^ocr: .*evil\.svg: SVG drawings are not opened/),
    ]);
    expect(failure.stderr).not.toMatch(/\n\s+at /);
  });
});
