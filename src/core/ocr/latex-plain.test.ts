import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { latexToPlain, problemToPlain } from './latex-plain';

describe('latexToPlain', () => {
  it.each([
    ['\\frac{21}{2^2 \\cdot 5^7}', '21/(2^2 * 5^7)'],
    ['2^{2x}', '2^(2x)'],
    ['x^{2}+1', 'x^2+1'],
    ['\\dfrac{x^2 - 1}{x+1}', '(x^2 - 1)/(x+1)'],
    ['a\\sqrt{2} + b\\sqrt{3}', 'a sqrt(2) + b sqrt(3)'],
    ['\\sqrt x', 'sqrt(x)'],
    ['\\sqrt[3]{8}', 'root(3, 8)'],
    ['|x-2|\\leq5.6', '|x-2| <= 5.6'],
    ['\\sin (\\arcsin 0.4)', 'sin(arcsin 0.4)'],
    ['2\\pi r', '2 pi r'],
    ['\\left\\{\\frac{1}{4},\\dots \\right\\}', '{1/4,... }'],
    ['\\frac{\\sqrt{2}}{2}', 'sqrt(2)/2'],
    ['\\text{area } = 5', 'area = 5'],
    ['a_{n+1}', 'a_(n+1)'],
  ])('%s → %s', (latex, plain) => {
    expect(latexToPlain(latex)).toBe(plain);
  });

  it('reads prose with inline and display math', () => {
    expect(problemToPlain('If $x=2$, find\n\\[\\frac{1}{x}\\]for me.')).toBe(
      'If x=2, find 1/x for me.',
    );
  });
});

const DEV = path.resolve(import.meta.dirname, '../../../../shared/data/ocr/dev/manifest.jsonl');

describe('the data set convention', () => {
  // The dev set's plain readings are the metric's convention; agreeing with
  // them says the benchmark scores formulas the way the data was written.
  it.skipIf(!existsSync(DEV))('gives every dev problem its gt_plain', () => {
    const rows = readFileSync(DEV, 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { gt: string; gt_plain: string; render: { content: string } },
      )
      .filter((r) => r.render.content === 'katex-math');
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(problemToPlain(row.gt)).toBe(row.gt_plain);
  });
});
