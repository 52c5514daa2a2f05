import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { findBlockStarts } from './blocks';
import { splitListItems } from './list-items';
import { splitMath } from './math-spans';
import { type ItemParts, renderSegments } from './render-block';
import { sampleSolution } from './sample-solution';
import { createMathCache } from './typeset';

// Real Qwen2.5-Math solutions (../shared/data/golden); '' on a clone of the repo alone.
const data = inject('sharedData');
const GOLDEN = data && path.join(data, 'golden', 'math_cot_graded.jsonl');

const context = { cache: createMathCache(), sanitize: (html: string) => html };

function units(text: string): string[] | undefined {
  return splitListItems(splitMath(text))?.units.map((unit) =>
    unit.map((s) => (s.kind === 'text' ? s.text : s.source)).join(''),
  );
}

/** Rendering item by item must give exactly what rendering the block whole gives. */
function expectSameAsWhole(block: string): void {
  const segments = splitMath(block);
  const items = new Map<string, ItemParts | null>();
  expect(renderSegments(segments, context, items)).toEqual(renderSegments(segments, context));
}

describe('splitListItems', () => {
  it('cuts a tight list into its items, continuation lines and math included', () => {
    expect(units('1. \\(a\\) one\n2. two\n   \\[\n   x\n   \\]\n   more\n3. three')).toEqual([
      '1. \\(a\\) one\n',
      '2. two\n   \\[\n   x\n   \\]\n   more\n',
      '3. three',
    ]);
  });

  it('keeps the paragraph a bullet or `1.` list interrupts', () => {
    expect(units('We have:\n- a\n- b')).toEqual(['We have:\n', '- a\n', '- b']);
    expect(units('We have:\n1. a\n2. b')).toEqual(['We have:\n', '1. a\n', '2. b']);
  });

  it('leaves alone what it cannot cut faithfully', () => {
    expect(units('We have:\n2. a\n3. b')).toBeUndefined(); // `2.` cannot interrupt a paragraph
    expect(units('1. a\n\n2. b')).toBeUndefined(); // loose
    expect(units('1. a\n2) b')).toBeUndefined(); // another list
    expect(units('- a\n* b')).toBeUndefined();
    expect(units('1. a\nlazy\n2. b')).toBeUndefined(); // lazy continuation
    expect(units('1. only')).toBeUndefined();
  });

  it('does not cut inside a formula', () => {
    expect(units('1. a $x\n2. y$ b\n3. c')).toEqual(['1. a $x\n2. y$ b\n', '3. c']);
  });
});

describe('rendering lists item by item', () => {
  it('equals the whole-block rendering', () => {
    expectSameAsWhole('1. \\(a\\) one\n2. **two** $b$\n   \\[\n   x\n   \\]\n   more\n3. three');
    expectSameAsWhole('Steps:\n- a $x$\n- b\n  - nested $y$\n- c');
    expectSameAsWhole('3. start at three\n4. $z$');
    expectSameAsWhole('1. - - -\n2. b');
  });

  it.skipIf(!GOLDEN)(
    'equals it for every block of real Qwen solutions (needs ../shared/data/golden)',
    () => {
      const texts = readFileSync(GOLDEN, 'utf8')
        .trim()
        .split('\n')
        .flatMap((line) => (JSON.parse(line) as { responses: string[] }).responses);
      let lists = 0;
      for (const text of [...texts, sampleSolution({ tokens: 2000 })]) {
        const starts = findBlockStarts(text);
        starts.forEach((start, k) => {
          const block = text.slice(start, starts[k + 1] ?? text.length);
          if (splitListItems(splitMath(block))) lists++;
          expectSameAsWhole(block);
        });
      }
      expect(lists).toBeGreaterThan(20);
    },
  );
});
