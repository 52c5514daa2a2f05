import { describe, expect, it } from 'vitest';
import { cleanOutput, outputBlock, pyRstrip, pyStrip, truncateOutput } from './format';

describe('truncateOutput', () => {
  it('keeps up to 400 characters', () => {
    const s = 'x'.repeat(400);
    expect(truncateOutput(s)).toBe(s);
  });

  it('keeps the first and last 200 of a longer output, joined by "..."', () => {
    const s = `${'a'.repeat(300)}${'b'.repeat(300)}`;
    expect(truncateOutput(s)).toBe(`${'a'.repeat(200)}...${'b'.repeat(200)}`);
  });

  it('counts code points as Python does', () => {
    const s = '😀'.repeat(400); // 800 UTF-16 units, 400 code points
    expect(truncateOutput(s)).toBe(s);
    const t = `${'😀'.repeat(201)}${'é'.repeat(200)}`;
    expect(truncateOutput(t)).toBe(`${'😀'.repeat(200)}...${'é'.repeat(200)}`);
  });
});

describe('Python whitespace', () => {
  it('strips what str.strip() strips, and only that', () => {
    expect(pyStrip('\x1c\x85 x \t\n')).toBe('x');
    expect(pyStrip('\ufeffx')).toBe('\ufeffx');
    expect(pyRstrip('  x \n\n')).toBe('  x');
  });

  it('cleans as the executor does: strip, then truncate', () => {
    expect(cleanOutput(`\n${'a'.repeat(500)}\n`)).toBe(`${'a'.repeat(200)}...${'a'.repeat(200)}`);
  });
});

describe('outputBlock', () => {
  it('formats the block the evaluation appends', () => {
    expect(outputBlock({ output: '42', ok: true })).toBe('\n```output\n42\n```\n');
  });

  it('reports "Done" for a run that printed nothing', () => {
    expect(outputBlock({ output: '', ok: true })).toBe('\n```output\nDone\n```\n');
  });

  it('shows the error line of a failed run', () => {
    expect(outputBlock({ output: 'NameError: name "x" is not defined', ok: false })).toBe(
      '\n```output\nNameError: name "x" is not defined\n```\n',
    );
  });
});
