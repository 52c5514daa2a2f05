// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTACKS } from '../../core/markdown/attacks';
import { randomSoup, roughTokens, sampleSolution } from '../../core/markdown/sample-solution';
import { MathMarkdown } from './MathMarkdown';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}
globalThis.IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

/** Whatever could run script, load a resource or navigate somewhere unexpected. */
function dangers(root: Element): string[] {
  const found: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'iframe', 'img', 'object', 'embed', 'style', 'form', 'image'].includes(tag)) {
      found.push(`<${tag}>`);
    }
    for (const { name, value } of el.attributes) {
      if (name.startsWith('on')) found.push(`${tag}[${name}]`);
      if (
        ['href', 'src', 'xlink:href', 'action'].includes(name) &&
        !/^(?:https?:|mailto:|#)/i.test(value)
      ) {
        found.push(`${tag}[${name}=${value}]`);
      }
      if (name.startsWith('data-') && name !== 'data-slot') found.push(`${tag}[${name}]`);
    }
  }
  return found;
}

/** Whitespace that HTML rendering ignores here (a streamed tail may keep a trailing space). */
const loose = (html: string) => html.replace(/\s+/g, ' ').replace(/ </g, '<');

function show(text: string, streaming = true): HTMLElement[] {
  act(() => root.render(<MathMarkdown text={text} streaming={streaming} />));
  return [...container.querySelectorAll<HTMLElement>('.mm-block')];
}

describe('MathMarkdown', () => {
  it('renders markdown and math as sibling blocks', () => {
    const blocks = show('# Title\n\nSo $x^2$ and\n\\[\n\\frac{1}{2}\n\\]', false);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]?.innerHTML).toBe('<h1>Title</h1>\n');
    expect(blocks[1]?.querySelectorAll('.katex')).toHaveLength(2);
    expect(blocks[1]?.querySelector('.katex-display math')).not.toBeNull();
  });

  it('never touches a finished block again while the tail streams', () => {
    show('First **block** with $a+b$.\n\nSecond');
    const first = container.querySelector('.mm-block');
    const firstFormula = first?.querySelector('.katex');
    const observer = new MutationObserver(() => {});
    observer.observe(first as Node, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    show('First **block** with $a+b$.\n\nSecond block');
    show('First **block** with $a+b$.\n\nSecond block grows $c$ and');
    expect(observer.takeRecords()).toEqual([]);
    expect(container.querySelector('.mm-block')).toBe(first);
    expect(first?.querySelector('.katex')).toBe(firstFormula);
    expect(container.querySelectorAll('.mm-block')[1]?.textContent).toContain('grows');
  });

  it('keeps the tail’s typeset formulas in place as text is appended', () => {
    show('We have \\(x^2\\) and');
    const formula = container.querySelector('.katex');
    show('We have \\(x^2\\) and more');
    show('We have \\(x^2\\) and more **text**, then');
    expect(container.querySelector('.katex')).toBe(formula);
    expect(container.textContent).toContain('and more text, then');
  });

  it('ends a stream with the same DOM as rendering the final text once', () => {
    const text = sampleSolution({ tokens: 500, seed: 5 });
    let sofar = '';
    for (const token of roughTokens(text)) {
      sofar += token;
      show(sofar);
    }
    show(text, false);
    const streamed = container.innerHTML;
    act(() => root.unmount());
    root = createRoot(container);
    show(text, false);
    expect(streamed).toBe(container.innerHTML);
  });

  it('shows at every token what a fresh render of the text so far shows', () => {
    const sample = sampleSolution({ tokens: 150, seed: 9 });
    const soups = Array.from({ length: 12 }, (_, seed) => randomSoup(seed));
    for (const pieces of [roughTokens(sample), ...soups]) {
      act(() => root.render(<MathMarkdown key={pieces.join('')} text="" streaming />));
      const other = document.createElement('div');
      const otherRoot = createRoot(other);
      let sofar = '';
      for (const piece of pieces) {
        sofar += piece;
        show(sofar);
        const fresh = sofar;
        act(() => otherRoot.render(<MathMarkdown key={fresh.length} text={fresh} streaming />));
        expect(loose(container.innerHTML)).toBe(loose(other.innerHTML));
      }
      act(() => otherRoot.unmount());
    }
  });

  it('marks the view as streaming only while it is', () => {
    show('a');
    expect(container.firstElementChild?.className).toBe('math-markdown is-streaming');
    show('a', false);
    expect(container.firstElementChild?.className).toBe('math-markdown');
  });

  it('starts over for a new solution', () => {
    show('Old text.\n\nMore old text');
    expect(show('New')).toHaveLength(1);
    expect(container.textContent).toBe('New\n');
  });

  it('never puts raw HTML from the model into the page, streamed or not', () => {
    for (const attack of ATTACKS) {
      let sofar = '';
      for (const char of attack) {
        sofar += char;
        show(sofar);
        expect(dangers(container)).toEqual([]);
      }
      show(attack, false);
      expect(dangers(container)).toEqual([]);
      show('');
    }
  });

  it('leaves a code block the reader folded folded while it streams', () => {
    show('```python\nx = 1\n');
    const details = container.querySelector('details');
    details?.removeAttribute('open');
    show('```python\nx = 1\ny = 2\n');
    expect(container.querySelector('details')).toBe(details);
    expect(details?.hasAttribute('open')).toBe(false);
    expect(details?.textContent).toContain('y = 2');
  });
});
