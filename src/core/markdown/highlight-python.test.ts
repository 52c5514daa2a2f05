import { describe, expect, it } from 'vitest';
import { highlightPython } from './highlight-python';

describe('highlightPython', () => {
  it('marks keywords, builtins, names after def, numbers, strings and comments', () => {
    expect(highlightPython('def f(n):\n    return sum(range(n)) + 1.5  # ok')).toBe(
      '<span class="tok-keyword">def</span> <span class="tok-def">f</span>(n):\n' +
        '    <span class="tok-keyword">return</span> <span class="tok-builtin">sum</span>' +
        '(<span class="tok-builtin">range</span>(n)) + <span class="tok-number">1.5</span>' +
        '  <span class="tok-comment"># ok</span>',
    );
  });

  it('handles string prefixes, escapes and triple quotes', () => {
    expect(highlightPython(`f"a{x}\\"" + '''b\n#c'''`)).toBe(
      `<span class="tok-string">f&quot;a{x}\\&quot;&quot;</span> + <span class="tok-string">&#39;&#39;&#39;b\n#c&#39;&#39;&#39;</span>`,
    );
  });

  it('copes with a line cut off mid-string while streaming', () => {
    expect(highlightPython('print("half')).toBe(
      '<span class="tok-builtin">print</span>(<span class="tok-string">&quot;half</span>',
    );
  });

  it('escapes everything it emits', () => {
    expect(highlightPython('x = "<script>" < 3 & y')).not.toMatch(/<(?!\/?span)/);
  });

  it('does not treat identifiers containing numbers as numbers', () => {
    expect(highlightPython('interval1 = 5')).toBe('interval1 = <span class="tok-number">5</span>');
  });
});
