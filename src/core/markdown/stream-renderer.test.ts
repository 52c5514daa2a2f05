import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { findBlockStarts } from './blocks';
import { randomSoup, roughTokens, sampleSolution } from './sample-solution';
import { createStreamRenderer, type RenderedBlock, type RenderUpdate } from './stream-renderer';
import { createMathCache, type MathCache } from './typeset';

// Real Qwen2.5-Math solutions (../shared/data/golden); '' on a clone of the repo alone.
const data = inject('sharedData');
const GOLDEN = data && path.join(data, 'golden', 'math_cot_graded.jsonl');

function goldenResponses(): string[] {
  const rows = readFileSync(GOLDEN, 'utf8').trim().split('\n');
  return rows.flatMap((row) => (JSON.parse(row) as { responses: string[] }).responses.slice(0, 2));
}

/** Whitespace that HTML rendering ignores here (fast appends may keep a trailing space). */
const loose = (html: string) => html.replace(/\s+/g, ' ').replace(/ </g, '<');

/** Streams `pieces` and checks, after every push, what must hold while streaming. */
function stream(pieces: readonly string[]): RenderUpdate {
  const renderer = createStreamRenderer();
  const oneShot = createStreamRenderer().finish(pieces.join('')).blocks;
  let text = '';
  let previous: readonly RenderedBlock[] = [];
  for (const piece of pieces) {
    text += piece;
    const { blocks, changed } = renderer.push(text);
    blocks.forEach((block, i) => {
      expect(block.index).toBe(i);
      if (block.finished) expect(block.html).toBe(oneShot[i]?.html);
      if (i < blocks.length - 1) expect(block.finished).toBe(true);
      const before = previous[i];
      // A block finished before this push is the very same object.
      if (before?.finished) expect(block).toBe(before);
      if (before !== undefined && before.html !== block.html) expect(changed).toContain(i);
    });
    // The tail, however it was updated, shows what rendering it afresh shows.
    const tail = blocks.at(-1);
    if (tail && !tail.finished) {
      const fresh = createStreamRenderer().push(text.slice(findBlockStarts(text).at(-1))).blocks;
      expect(loose(tail.html)).toBe(loose(fresh.map((b) => b.html).join('')));
    }
    previous = blocks;
  }
  return renderer.finish();
}

function expectSameAsOneShot(update: RenderUpdate, text: string): void {
  const oneShot = createStreamRenderer().finish(text);
  expect(update.blocks.map((b) => b.html)).toEqual(oneShot.blocks.map((b) => b.html));
  expect(update.blocks.every((b) => b.finished)).toBe(true);
}

describe('streaming', () => {
  it('ends with exactly the one-shot rendering (generated solution, token by token)', () => {
    const text = sampleSolution({ tokens: 800, seed: 7 });
    expectSameAsOneShot(stream(roughTokens(text)), text);
  });

  it.skipIf(!GOLDEN)(
    'does so for real Qwen solutions, in uneven chunks (needs ../shared/data/golden)',
    () => {
      for (const [n, text] of goldenResponses().slice(0, 30).entries()) {
        const pieces: string[] = [];
        for (let i = 0, size = 1; i < text.length; i += size, size = 1 + ((i * 7 + n) % 9)) {
          pieces.push(text.slice(i, i + size));
        }
        expectSameAsOneShot(stream(pieces), text);
      }
    },
  );

  it('holds up on random markdown and math soup, in random chunks', () => {
    const first = Number(process.env.FUZZ_SEED ?? 1) * 100_000;
    for (let doc = 0; doc < Number(process.env.FUZZ_DOCS ?? 200); doc++) {
      const chunks = randomSoup(first + doc);
      expectSameAsOneShot(stream(chunks), chunks.join(''));
    }
  });

  it('changes only the tail while it grows, and reports it', () => {
    const renderer = createStreamRenderer();
    renderer.push('First paragraph.\n\nSecond');
    const first = renderer.push('First paragraph.\n\nSecond').blocks[0];
    const update = renderer.push('First paragraph.\n\nSecond one');
    expect(update.blocks[0]).toBe(first);
    expect(update.changed).toEqual([1]);
    expect(update.blocks[1]?.html).toBe('<p>Second one</p>\n');
  });

  it('finishes a block once the next one starts, not before', () => {
    const renderer = createStreamRenderer();
    expect(renderer.push('One.\n\n').blocks.map((b) => b.finished)).toEqual([false]);
    expect(renderer.push('One.\n\n  indented').blocks.map((b) => b.finished)).toEqual([false]);
    expect(renderer.push('One.\n\n  indented\n\nTwo').blocks.map((b) => b.finished)).toEqual([
      true,
      false,
    ]);
  });

  it('keeps a block open while a fence or display math in it is open', () => {
    const renderer = createStreamRenderer();
    const inFence = renderer.push('```python\nx = 1\n\ny = 2\n');
    expect(inFence.blocks).toHaveLength(1);
    expect(inFence.blocks[0]?.finished).toBe(false);
    const math = createStreamRenderer().push('So\n\\[\nx\n');
    expect(math.blocks.map((b) => b.html)).toEqual([
      '<p>So\n<span class="math-unclosed">\\[\nx\n</span></p>\n',
    ]);
  });

  it('typesets a formula when its closer arrives', () => {
    const renderer = createStreamRenderer();
    renderer.push('Let \\( x');
    const closed = renderer.push('Let \\( x \\)');
    expect(closed.blocks[0]?.formulas[0]).toContain('class="katex"');
  });

  it('holds back a last line that is only a marker (no setext flash)', () => {
    const renderer = createStreamRenderer();
    expect(renderer.push('Items:\n-').blocks[0]?.html).toBe('<p>Items:</p>\n');
    expect(renderer.push('Items:\n- a').blocks[0]?.html).toBe(
      '<p>Items:</p>\n<ul>\n<li>a</li>\n</ul>\n',
    );
    expect(createStreamRenderer().finish('Items:\n-').blocks[0]?.html).toBe('<h2>Items:</h2>\n');
  });

  it('lengthens prose without re-rendering, as a full render would show it', () => {
    let calls = 0;
    const renderer = createStreamRenderer({
      sanitize: (h) => {
        calls++;
        return h;
      },
    });
    renderer.push('1. Case one is');
    const before = calls;
    const update = renderer.push('1. Case one is odd');
    expect(calls).toBe(before);
    expect(update.blocks[0]?.html).toBe('<ol>\n<li>Case one is odd</li>\n</ol>\n');
  });

  it('says when a block only grew, linking the latest version alone', () => {
    const renderer = createStreamRenderer();
    const first = renderer.push('Case one').blocks[0];
    const second = renderer.push('Case one is').blocks[0];
    const third = renderer.push('Case one is odd').blocks[0];
    expect(third?.grew).toEqual({ from: second, text: ' odd' });
    expect(second?.grew).toBeUndefined();
    expect(first?.grew).toBeUndefined();
    expect(renderer.push('Case one is odd.\n\nNext').blocks[0]?.grew).toBeUndefined();
  });

  it('changes nothing for a token that shows nothing yet', () => {
    let calls = 0;
    const renderer = createStreamRenderer({
      sanitize: (h) => {
        calls++;
        return h;
      },
    });
    const before = renderer.push('We have 1.').blocks;
    const sanitized = calls;
    const ended = renderer.push('We have 1.\n');
    expect(ended.blocks).toBe(before);
    expect(ended.changed).toEqual([]);
    // A lone `-` is held back until it proves to be a list item.
    expect(renderer.push('We have 1.\n-').blocks).toBe(before);
    expect(calls).toBe(sanitized);
    expect(renderer.push('We have 1.\n- a').blocks[0]?.html).toBe(
      '<p>We have 1.</p>\n<ul>\n<li>a</li>\n</ul>\n',
    );
  });

  it('shows a token ending a line, then the next line, without re-rendering', () => {
    let calls = 0;
    const renderer = createStreamRenderer({
      sanitize: (h) => {
        calls++;
        return h;
      },
    });
    renderer.push('1. So (it is');
    const before = calls;
    renderer.push('1. So (it is odd).\n');
    const next = renderer.push('1. So (it is odd).\n   Thus').blocks[0];
    expect(calls).toBe(before);
    expect(next?.html).toBe('<ol>\n<li>So (it is odd).\n   Thus</li>\n</ol>\n');
  });

  it('lengthens an open formula without re-rendering', () => {
    let calls = 0;
    const renderer = createStreamRenderer({
      sanitize: (h) => {
        calls++;
        return h;
      },
    });
    renderer.push('So \\[ \\frac{1}');
    const before = calls;
    const update = renderer.push('So \\[ \\frac{1}{2');
    expect(calls).toBe(before);
    expect(update.blocks[0]?.html).toBe(
      '<p>So <span class="math-unclosed">\\[ \\frac{1}{2</span></p>\n',
    );
  });

  it('re-renders when a token could change what came before it', () => {
    const renderer = createStreamRenderer();
    renderer.push('It is $x$');
    expect(renderer.push('It is $x$5').blocks[0]?.html).toBe('<p>It is $x$5</p>\n');
    const link = createStreamRenderer();
    link.push('see [a](https://e.org');
    expect(link.push('see [a](https://e.org)').blocks[0]?.html).toContain('<a href');
  });
});

describe('finish and reset', () => {
  it('finishes the tail, and is idempotent', () => {
    const renderer = createStreamRenderer();
    renderer.push('A.\n\nB');
    const done = renderer.finish();
    expect(done.blocks.map((b) => b.finished)).toEqual([true, true]);
    expect(renderer.finish().changed).toEqual([]);
    expect(renderer.finish('A.\n\nB').blocks).toBe(done.blocks);
  });

  it('renders a whole text given to finish at once', () => {
    expect(createStreamRenderer().finish('# T\n\nx $y$').blocks).toHaveLength(2);
  });

  it('starts over when the text does not extend the last one', () => {
    const renderer = createStreamRenderer();
    renderer.push('Old answer.\n\nMore');
    const update = renderer.push('New');
    expect(update.blocks.map((b) => b.html)).toEqual(['<p>New</p>\n']);
    expect(update.changed).toEqual([0]);
  });

  it('starts over when text is pushed after finish', () => {
    const renderer = createStreamRenderer();
    renderer.finish('A');
    expect(renderer.push('A and B').blocks.map((b) => [b.html, b.finished])).toEqual([
      ['<p>A and B</p>\n', false],
    ]);
  });
});

describe('caching', () => {
  function countingCache(): MathCache & { typeset: Map<string, number> } {
    const inner = createMathCache();
    const typeset = new Map<string, number>();
    return {
      typeset,
      get: (key) => inner.get(key),
      set: (key, html) => {
        typeset.set(key, (typeset.get(key) ?? 0) + 1);
        inner.set(key, html);
      },
      get size() {
        return inner.size;
      },
    };
  }

  it('typesets each formula once over a whole stream', () => {
    const cache = countingCache();
    const renderer = createStreamRenderer({ cache });
    const text = sampleSolution({ tokens: 600, seed: 2 });
    let sofar = '';
    for (const token of roughTokens(text)) {
      sofar += token;
      renderer.push(sofar);
    }
    renderer.finish();
    expect(cache.typeset.size).toBeGreaterThan(20);
    expect([...cache.typeset.values()].every((n) => n === 1)).toBe(true);
  });

  it('keys by display mode as well as LaTeX', () => {
    const cache = countingCache();
    createStreamRenderer({ cache }).finish('$x$ and\n$$x$$');
    expect([...cache.typeset.keys()]).toEqual(['Ix', 'Dx']);
  });

  it('evicts the least recently used entry', () => {
    const cache = createMathCache(2);
    cache.set('a', '1');
    cache.set('b', '2');
    cache.get('a');
    cache.set('c', '3');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['1', undefined, '3']);
  });

  it('sanitizes finished blocks no more', () => {
    const seen: string[] = [];
    const renderer = createStreamRenderer({
      sanitize: (h) => {
        seen.push(h);
        return h;
      },
    });
    renderer.push('Done **here**.\n\nNext');
    seen.length = 0;
    renderer.push('Done **here**.\n\nNext *one*');
    expect(seen.some((h) => h.includes('here'))).toBe(false);
  });
});
