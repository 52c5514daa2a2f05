import { describe, expect, it } from 'vitest';
import { renderBlock } from './render-block';
import { createMathCache } from './typeset';

const CONTEXT = () => ({ cache: createMathCache(), sanitize: (h: string) => h });

function html(source: string): string {
  const parts = renderBlock(source, CONTEXT());
  return parts.skeleton.replace(
    /<span class="math-slot" data-slot="(\d+)"><\/span>/g,
    (_, k: string) => `[${parts.formulas[Number(k)]?.includes('katex-display') ? 'D' : 'I'}]`,
  );
}

describe('renderBlock markdown', () => {
  it('renders Qwen-style markdown with markdown-it', () => {
    expect(html('### Step 1: Set up')).toBe('<h3>Step 1: Set up</h3>\n');
    expect(html('so **bold** and *it*')).toBe('<p>so <strong>bold</strong> and <em>it</em></p>\n');
    expect(html('2. **Case 2**')).toBe('<ol start="2">\n<li><strong>Case 2</strong></li>\n</ol>\n');
    expect(html('| a | b |\n|---|--:|\n| 1 | 2 |')).toContain(
      '<td style="text-align:right">2</td>',
    );
  });

  it('puts formulas in text positions, inline and display', () => {
    expect(html('area \\( s^2 \\) is:\n\\[\ns^2\n\\]')).toBe('<p>area [I] is:\n[D]</p>\n');
    expect(html('1. **Case 1: \\( x \\)**\n   \\[\n   x\n   \\]\n   Same.')).toBe(
      '<ol>\n<li><strong>Case 1: [I]</strong>\n[D]\nSame.</li>\n</ol>\n',
    );
  });

  it('protects math from markdown (underscores, asterisks, backslash escapes)', () => {
    const parts = renderBlock('$a_1 * b_1 * c$ and \\(\\{x\\}\\)', {
      ...CONTEXT(),
    });
    expect(parts.skeleton).not.toContain('<em>');
    expect(parts.formulas).toHaveLength(2);
    expect(parts.formulas[1]).toContain(
      '<annotation encoding="application/x-tex">\\{x\\}</annotation>',
    );
  });

  it('typesets with KaTeX as HTML and MathML', () => {
    const { formulas } = renderBlock('$x^2$', CONTEXT());
    expect(formulas[0]).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML">');
    expect(formulas[0]).toContain('class="katex-html"');
  });

  it('shows an unclosed formula as its source', () => {
    expect(html('so \\[\n\\frac{1}{')).toBe(
      '<p>so <span class="math-unclosed">\\[\n\\frac{1}{</span></p>\n',
    );
  });

  it('puts a placeholder that lands outside text back as source', () => {
    expect(html('see `$x$` and [a](https://e.org "$y$")')).toBe(
      '<p>see <code>$x$</code> and <a href="https://e.org" title="$y$" target="_blank" rel="noopener noreferrer nofollow">a</a></p>\n',
    );
  });

  it('neutralises placeholder characters in the model text', () => {
    expect(html('a \uE0000\uE001 b $x$')).toBe('<p>a \uFFFD0\uFFFD b [I]</p>\n');
  });
});

describe('renderBlock safety (first layer: markdown-it html:false, KaTeX trust:false)', () => {
  it('escapes raw HTML', () => {
    expect(html('<script>alert(1)</script>')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
    );
    expect(html('<img src=x onerror=alert(1)>')).toBe(
      '<p>&lt;img src=x onerror=alert(1)&gt;</p>\n',
    );
  });

  it('links only http(s) and mailto, and never loads images', () => {
    expect(html('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>\n');
    expect(html('[x](data:text/html,hi)')).not.toContain('<a');
    expect(html('![t](https://evil.example/p.png)')).not.toContain('<img');
  });

  it('renders trust-requiring KaTeX commands as inert text', () => {
    const { formulas } = renderBlock('$\\href{javascript:alert(1)}{x}$ $\\htmlData{a=b}{y}$', {
      ...CONTEXT(),
    });
    expect(formulas.join('')).not.toContain('href=');
    expect(formulas.join('')).not.toContain('data-a');
  });
});

describe('renderBlock broken LaTeX', () => {
  it('shows the source as text with the reason, and renders the rest', () => {
    const parts = renderBlock('bad $\\frac{1}{$ but good $x$', {
      ...CONTEXT(),
    });
    expect(parts.formulas[0]).toMatch(
      /^<span class="math-error" title="KaTeX parse error: [^"]*">\$\\frac\{1\}\{\$<\/span>$/,
    );
    expect(parts.formulas[1]).toContain('katex');
  });

  it('uses a block-level error for display math, escaping the source', () => {
    const { formulas } = renderBlock('\\[ \\unknown{<b>} \\]', {
      ...CONTEXT(),
    });
    expect(formulas[0]).toContain('class="math-error math-error-display"');
    expect(formulas[0]).toContain('\\[ \\unknown{&lt;b&gt;} \\]');
  });
});

describe('renderBlock code', () => {
  it('highlights Python in a collapsible block', () => {
    expect(html('```python\nx = 1  # one\n```')).toBe(
      '<details class="code-block" open><summary>Python</summary><pre><code class="language-python">' +
        'x = <span class="tok-number">1</span>  <span class="tok-comment"># one</span>\n</code></pre></details>\n',
    );
  });

  it('labels tool output', () => {
    expect(html('```output\n<b>42</b>\n```')).toBe(
      '<div class="code-output"><div class="code-output-label">Output</div><pre><code>&lt;b&gt;42&lt;/b&gt;\n</code></pre></div>\n',
    );
  });

  it('leaves math in code alone', () => {
    expect(html('```\n$x$\n```')).toBe('<pre><code>$x$\n</code></pre>\n');
    expect(html('```js"><script>\nx\n```')).toBe('<pre><code>x\n</code></pre>\n');
  });
});
