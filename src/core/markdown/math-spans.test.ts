import { describe, expect, it } from 'vitest';
import { type MathSegment, splitMath } from './math-spans';

/** Segments as compact strings: text as-is, math as [I:latex] or [D:latex], unclosed as [U:source]. */
function show(text: string): string[] {
  return splitMath(text).map((s: MathSegment) => {
    if (s.kind === 'text') return s.text;
    if (s.kind === 'math') return `[${s.display ? 'D' : 'I'}:${s.latex}]`;
    return `[U:${s.source}]`;
  });
}

describe('splitMath delimiters', () => {
  it('finds \\( \\), \\[ \\], $ $ and $$ $$', () => {
    expect(show('a \\(x^2\\) b')).toEqual(['a ', '[I:x^2]', ' b']);
    expect(show('a $x^2$ b')).toEqual(['a ', '[I:x^2]', ' b']);
    expect(show('so:\n\\[\n1 + 1 = 2\n\\]\nend')).toEqual(['so:\n', '[D:\n1 + 1 = 2\n]', '\nend']);
    expect(show('$$\\sum_k k$$')).toEqual(['[D:\\sum_k k]']);
  });

  it('keeps the source with its delimiters', () => {
    const [math] = splitMath('\\( a_1 \\)');
    expect(math).toEqual({ kind: 'math', latex: ' a_1 ', display: false, source: '\\( a_1 \\)' });
  });

  it('typesets display environments written without delimiters', () => {
    expect(show('\\begin{align*}a &= b\\\\ c &= d\\end{align*} done')).toEqual([
      '[D:\\begin{align*}a &= b\\\\ c &= d\\end{align*}]',
      ' done',
    ]);
    expect(show('\\begin{itemize} x')).toEqual(['\\begin{itemize} x']);
  });

  it('treats a bare \\boxed{…} outside math as inline math, braces balanced', () => {
    expect(show('The answer is \\boxed{\\frac{1}{2}}.')).toEqual([
      'The answer is ',
      '[I:\\boxed{\\frac{1}{2}}]',
      '.',
    ]);
  });

  it('leaves a \\boxed inside math to the formula', () => {
    expect(show('\\[\n\\boxed{11}\n\\]')).toEqual(['[D:\n\\boxed{11}\n]']);
  });

  it('does not let \\\\ before a bracket open math', () => {
    expect(show('a \\\\[2pt] b')).toEqual(['a \\\\[2pt] b']);
  });

  it('skips escaped closers inside math', () => {
    expect(show('$a \\$ b$')).toEqual(['[I:a \\$ b]']);
    // `\\)` is a line break then `)`, not a closer.
    expect(show('\\(a \\\\)')).toEqual(['[U:\\(a \\\\)]']);
  });
});

describe('splitMath dollars (pandoc rule)', () => {
  it('leaves prices as prose', () => {
    expect(show('It costs $5 and $7.')).toEqual(['It costs $5 and $7.']);
    expect(show('between $20,000 and $30,000')).toEqual(['between $20,000 and $30,000']);
    expect(show('Pay $5, $10, and $15 today')).toEqual(['Pay $5, $10, and $15 today']);
  });

  it('needs no space after the opener and none before the closer', () => {
    expect(show('$ x$')).toEqual(['$ x$']);
    expect(show('$x $')).toEqual(['$x $']);
  });

  it('rejects a closer followed by a digit', () => {
    expect(show('$x$5')).toEqual(['$x$5']);
  });

  it('still finds math after a price', () => {
    expect(show('It costs $5, so $n = 5$ items')).toEqual([
      'It costs $5, so ',
      '[I:n = 5]',
      ' items',
    ]);
  });

  it('typesets a number in dollars the way Qwen writes it', () => {
    expect(show('the answer is $5$.')).toEqual(['the answer is ', '[I:5]', '.']);
  });

  it('leaves an escaped dollar to markdown', () => {
    expect(show('costs \\$5 and \\$7')).toEqual(['costs \\$5 and \\$7']);
  });
});

describe('splitMath code', () => {
  it('skips inline code and fences', () => {
    expect(show('run `x = $a$` now')).toEqual(['run `x = $a$` now']);
    const fence = '```python\nprint("$5 and \\\\(x\\\\)")\n```\nafter $y$';
    expect(show(fence)).toEqual(['```python\nprint("$5 and \\\\(x\\\\)")\n```\nafter ', '[I:y]']);
  });

  it('treats an unclosed fence as code to the end', () => {
    expect(show('```python\nx = "$a$"')).toEqual(['```python\nx = "$a$"']);
  });

  it('takes an unmatched backtick literally', () => {
    expect(show('a ` b $x$')).toEqual(['a ` b ', '[I:x]']);
  });
});

describe('splitMath unclosed and blank lines', () => {
  it('marks an opener without a closer as unclosed to the paragraph end', () => {
    expect(show('so \\[\n\\frac{1}{')).toEqual(['so ', '[U:\\[\n\\frac{1}{]']);
    expect(show('\\(x + 1')).toEqual(['[U:\\(x + 1]']);
    expect(show('$$x')).toEqual(['[U:$$x]']);
    expect(show('is \\boxed{12')).toEqual(['is ', '[U:\\boxed{12]']);
  });

  it('never lets math cross a blank line', () => {
    expect(show('\\[ a\n\nb \\]')).toEqual(['[U:\\[ a]', '\n\nb \\]']);
    expect(show('$a\n\nb$')).toEqual(['$a\n\nb$']);
  });

  it('allows a single newline inside inline math', () => {
    expect(show('$a +\nb$')).toEqual(['[I:a +\nb]']);
  });
});
