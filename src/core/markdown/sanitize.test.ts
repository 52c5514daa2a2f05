// @vitest-environment jsdom
import DOMPurify from 'dompurify';
import { describe, expect, it } from 'vitest';
import { ATTACKS } from './attacks';
import { createSanitizer, SANITIZE_CONFIG } from './sanitize';
import { createStreamRenderer } from './stream-renderer';
import { createMathCache } from './typeset';

const sanitize = createSanitizer(DOMPurify(window));

function renderToDom(text: string, streamed = false): HTMLElement {
  const renderer = createStreamRenderer({ sanitize, cache: createMathCache() });
  if (streamed) {
    for (let i = 1; i <= text.length; i++) renderer.push(text.slice(0, i));
  }
  const { blocks } = renderer.finish(text);
  const root = document.createElement('div');
  root.innerHTML = blocks.map((b) => b.html).join('');
  return root;
}

/** Everything that could run script, load a resource or navigate somewhere unexpected. */
function dangers(root: HTMLElement): string[] {
  const found: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'iframe', 'img', 'object', 'embed', 'style', 'form', 'image'].includes(tag)) {
      found.push(`<${tag}>`);
    }
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) found.push(`${tag}[${attr.name}]`);
      if (['href', 'src', 'xlink:href', 'action', 'formaction'].includes(attr.name)) {
        if (!/^(?:https?:|mailto:|#)/i.test(attr.value))
          found.push(`${tag}[${attr.name}=${attr.value}]`);
      }
      if (attr.name.startsWith('data-') && attr.name !== 'data-slot')
        found.push(`${tag}[${attr.name}]`);
    }
  }
  return found;
}

describe('sanitization (markdown-it html:false, KaTeX trust:false, then DOMPurify)', () => {
  for (const attack of ATTACKS) {
    it(`neutralises ${JSON.stringify(attack)}`, () => {
      expect(dangers(renderToDom(attack))).toEqual([]);
      expect(dangers(renderToDom(attack, true))).toEqual([]);
    });
  }

  it('the second layer alone strips what the first keeps out', () => {
    const root = document.createElement('div');
    root.innerHTML = sanitize(
      '<img src=x onerror=alert(1)><a href="javascript:alert(1)">a</a><iframe src="https://e.org"></iframe>' +
        '<math><annotation-xml encoding="text/html"><script>alert(1)</script></annotation-xml></math>' +
        '<p onclick="alert(1)" style="color:red">ok</p>',
    );
    expect(dangers(root)).toEqual([]);
    expect(root.querySelector('annotation-xml')).toBeNull();
    expect(root.textContent).toContain('ok');
  });

  it('shows the attack as text instead', () => {
    expect(renderToDom('<script>alert(1)</script>').textContent?.trim()).toBe(
      '<script>alert(1)</script>',
    );
  });

  it('keeps all of KaTeX: MathML with its TeX annotation, SVG, classes and styles', () => {
    const html = renderToDom(
      '$$\\sqrt{\\frac{a}{b}} + \\widehat{xyz} + \\xrightarrow{abc} \\boxed{5} \\color{red}{y}$$',
    ).innerHTML;
    // A second pass over the whole output removes nothing: the pieces were already clean.
    DOMPurify.sanitize(html, SANITIZE_CONFIG);
    expect(DOMPurify.removed).toEqual([]);
    const root = renderToDom('$\\sqrt{2}$');
    expect(root.querySelector('math semantics annotation')?.textContent).toBe('\\sqrt{2}');
    expect(root.querySelector('.katex-html svg path')).not.toBeNull();
    expect(root.querySelector('.katex-html [style]')).not.toBeNull();
  });

  it('keeps the renderer’s own markup: collapsible code, link targets, formula slots', () => {
    const root = renderToDom('```python\nprint(1)\n```\n\n[a](https://e.org) $x$');
    expect(root.querySelector('details[open] > summary')?.textContent).toBe('Python');
    expect(root.querySelector('a')?.getAttribute('target')).toBe('_blank');
    expect(root.querySelector('.math-slot[data-slot="0"] .katex')).not.toBeNull();
  });

  it('renders broken LaTeX as source text and carries on', () => {
    const root = renderToDom('bad $\\frac{1}{$ then \\(\\left( x\\) and good $y$');
    const errors = [...root.querySelectorAll('.math-error')].map((e) => e.textContent);
    expect(errors).toEqual(['$\\frac{1}{$', '\\(\\left( x\\)']);
    expect(root.querySelectorAll('.katex')).toHaveLength(1);
  });
});
