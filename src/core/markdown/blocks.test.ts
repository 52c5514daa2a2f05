import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { findBlockStarts } from './blocks';
import { roughTokens, sampleSolution } from './sample-solution';

// Real Qwen2.5-Math solutions (../shared/data/golden); '' on a clone of the repo alone.
const data = inject('sharedData');
const GOLDEN = data && path.join(data, 'golden', 'math_cot_graded.jsonl');

function blocks(text: string): string[] {
  const starts = findBlockStarts(text);
  return starts.map((start, k) => text.slice(start, starts[k + 1] ?? text.length));
}

describe('findBlockStarts', () => {
  it('splits paragraphs at blank lines', () => {
    expect(blocks('one\ntwo\n\nthree\n\n\nfour')).toEqual(['one\ntwo\n\n', 'three\n\n\n', 'four']);
  });

  it('keeps display math with the paragraph that introduces it', () => {
    expect(blocks('so:\n\\[\nx = 1\n\\]\n\nnext')).toEqual(['so:\n\\[\nx = 1\n\\]\n\n', 'next']);
  });

  it('gives each loose list item its own block, indented math included', () => {
    const text = '1. **A**\n   \\[\n   a\n   \\]\n   done.\n\n2. **B**';
    expect(blocks(text)).toEqual(['1. **A**\n   \\[\n   a\n   \\]\n   done.\n\n', '2. **B**']);
  });

  it('keeps an indented line after a blank line with the block above', () => {
    expect(blocks('- item\n\n  more of it\n\nnext')).toEqual([
      '- item\n\n  more of it\n\n',
      'next',
    ]);
  });

  it('makes fences blocks of their own, blank lines inside included', () => {
    const text = 'Check:\n```python\nx = 1\n\ny = 2\n```\n```output\n3\n```\nSo it is 3.';
    expect(blocks(text)).toEqual([
      'Check:\n',
      '```python\nx = 1\n\ny = 2\n```\n',
      '```output\n3\n```\n',
      'So it is 3.',
    ]);
  });

  it('does not split inside an open fence', () => {
    expect(blocks('```python\na\n\nb\n\nc')).toEqual(['```python\na\n\nb\n\nc']);
  });

  it('splits around headings', () => {
    expect(blocks('intro\n### Step 1\nbody\n\n## Step 2')).toEqual([
      'intro\n',
      '### Step 1\n',
      'body\n\n',
      '## Step 2',
    ]);
  });

  it('waits for the character that decides a heading', () => {
    expect(blocks('intro\n##')).toEqual(['intro\n##']);
    expect(blocks('intro\n## ')).toEqual(['intro\n', '## ']);
    expect(blocks('intro\n#5 is odd')).toEqual(['intro\n#5 is odd']);
  });

  it('starts from a given tail offset', () => {
    const text = 'a\n\nb\n\nc';
    expect(findBlockStarts(text, 3)).toEqual([3, 6]);
  });
});

/** Every boundary found in a prefix is a boundary of the whole text: finished stays finished. */
function expectStable(text: string, pieces: string[]): void {
  const final = new Set(findBlockStarts(text));
  let prefix = '';
  for (const piece of pieces) {
    prefix += piece;
    const starts = findBlockStarts(prefix);
    for (const start of starts.slice(1)) {
      if (!final.has(start)) {
        throw new Error(`boundary at ${start} in prefix of ${prefix.length} is not final`);
      }
    }
  }
}

describe('findBlockStarts stability while streaming', () => {
  it('never withdraws a boundary (generated solution, token by token)', () => {
    const text = sampleSolution({ tokens: 1500, seed: 3 });
    expectStable(text, roughTokens(text));
  });

  it.skipIf(!GOLDEN)(
    'never withdraws a boundary (real Qwen solutions, char by char; needs ../shared/data/golden)',
    () => {
      const golden = readFileSync(GOLDEN, 'utf8');
      const rows = golden.trim().split('\n').slice(0, 12);
      for (const row of rows) {
        const { responses } = JSON.parse(row) as { responses: string[] };
        const text = responses[0] ?? '';
        expectStable(text, [...text]);
      }
    },
  );
});
