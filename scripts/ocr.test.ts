import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

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
