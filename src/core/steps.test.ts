import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { splitMath } from './markdown/math-spans';
import { cutSteps } from './steps';

describe('cutSteps', () => {
  it('cuts at paragraph breaks', () => {
    expect(cutSteps('We add $3+4$.\n\nCounting on gives seven.\n\n$$\\boxed{7}$$').steps).toEqual([
      'We add $3+4$.',
      'Counting on gives seven.\n\n$$\\boxed{7}$$',
    ]);
  });

  it('keeps a formula alone with the sentence that introduced it', () => {
    const text = 'Multiply:\n\n\\[\n10 \\cdot 6 = 60\n\\]\n\nNext, add $1$.';
    expect(cutSteps(text).steps).toEqual([
      'Multiply:\n\n\\[\n10 \\cdot 6 = 60\n\\]',
      'Next, add $1$.',
    ]);
  });

  it('cuts after a display formula that ends a line inside a paragraph', () => {
    const text = 'So we get\n$$x = 2$$\nand then $y = 3$.';
    expect(cutSteps(text).steps).toEqual(['So we get\n$$x = 2$$', 'and then $y = 3$.']);
  });

  it('never cuts inside math or code, even at blank-looking lines', () => {
    const text =
      'Solve\n\\begin{align*}\nx &= 1 \\\\\ny &= 2\n\\end{align*}\nDone.\n\n```python\nx = 1\n\ny = 2\n```';
    const { steps } = cutSteps(text);
    expect(steps[0]).toContain('\\begin{align*}');
    expect(steps[0]).toContain('\\end{align*}');
    expect(steps.at(-1)).toBe('```python\nx = 1\n\ny = 2\n```');
  });

  it('opens a step with its heading, and keeps a program with its output', () => {
    const text =
      '### Step 1: Set up\nLet $x$ be…\n\n```python\nprint(7)\n```\n```output\n7\n```\n\nSo $7$.';
    expect(cutSteps(text).steps).toEqual([
      '### Step 1: Set up\nLet $x$ be…',
      '```python\nprint(7)\n```\n```output\n7\n```',
      'So $7$.',
    ]);
  });

  it('counts the last step as unfinished while the text streams', () => {
    expect(cutSteps('One.\n\nTwo is still comi', false)).toEqual({
      steps: ['One.', 'Two is still comi'],
      complete: 1,
    });
    expect(cutSteps('', false)).toEqual({ steps: [], complete: 0 });
  });
});

// The golden solutions: 400 real Qwen2.5-Math answers (../shared/data, not in the repo).
const data = inject('sharedData');
const golden = data && path.join(data, 'golden', 'math_cot_graded.jsonl');

describe.skipIf(!golden)('cutSteps on the golden solutions (needs ../shared/data/golden)', () => {
  const responses = golden
    ? readFileSync(golden, 'utf8')
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => (JSON.parse(line) as { responses: string[] }).responses)
    : [];

  it('has 400 solutions to cut', () => {
    expect(responses).toHaveLength(400);
  });

  it('never cuts inside a formula, loses no text, and finds several steps', () => {
    const formulas = (text: string) =>
      splitMath(text).flatMap((s) =>
        s.kind === 'math' ? [s.source] : s.kind === 'unclosed' ? [s.source] : [],
      );
    let many = 0;
    for (const response of responses) {
      const { steps } = cutSteps(response);
      // Every formula of the whole text is whole inside exactly one step.
      expect(steps.flatMap(formulas)).toEqual(formulas(response));
      expect(steps.join('').replace(/\s+/g, '')).toBe(response.replace(/\s+/g, ''));
      if (steps.length >= 3) many++;
    }
    expect(many / responses.length).toBeGreaterThan(0.9);
  });
});
