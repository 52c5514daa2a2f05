import { mulberry32 } from '../random';

/**
 * Qwen-style solutions of any length, for the renderer's tests and benchmark:
 * paragraphs with inline `\(…\)` and `$…$`, `### Step` headings, numbered
 * lists with **bold** labels and indented multi-line `\[…\]`, `$$…$$`, an
 * aligned environment, prices in dollars that must stay prose, a Python block
 * with its output (tool-integrated reasoning) and a final `\boxed{}`.
 * Deterministic for a given seed. Not used by the app.
 */
export interface SampleOptions {
  /** Approximate length in `roughTokens` tokens. */
  readonly tokens?: number;
  readonly seed?: number;
}

/**
 * Splits text roughly as Qwen's byte-level BPE does: a word with its leading
 * whitespace, a LaTeX command or delimiter (`\frac`, `\(`, `\]`), one digit,
 * a run of one markdown marker (`**`, `###`, ```` ``` ````, `$$`), or one other
 * punctuation mark. Joining the pieces gives the text back.
 */
export function roughTokens(text: string): string[] {
  return (
    text.match(/\s*(?:[A-Za-z]+|\\[A-Za-z]+|\\[()[\]{}\\]|\d|\*+|#+|`+|\$+|[^\sA-Za-z\d])|\s+/g) ??
    []
  );
}

export function sampleSolution(options: SampleOptions = {}): string {
  const target = options.tokens ?? 2000;
  const rand = mulberry32(options.seed ?? 1);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const parts = [intro(int)];
  let tokens = roughTokens(parts[0] ?? '').length;
  for (let step = 1; tokens < target - 120; step++) {
    const section = STEPS[(step - 1) % STEPS.length]?.(step, int) ?? '';
    parts.push(section);
    tokens += roughTokens(section).length;
  }
  parts.push(conclusion(int));
  return parts.join('\n\n');
}

type Int = (lo: number, hi: number) => number;

function intro(int: Int): string {
  const a = int(2, 9);
  const b = int(10, 40);
  return (
    `To solve the problem, we need to find all real values of \\( x \\) such that ` +
    `\\( f(x) = ${a}x^2 - ${b}x + ${a + b} \\) satisfies the given conditions. ` +
    `A notebook costs $${a} and a pen costs $${b}, so together they cost $${a + b}. ` +
    `Let's break this down step by step, writing $n$ for the number of items.`
  );
}

const STEPS: ((step: number, int: Int) => string)[] = [
  (step, int) => {
    const [a, b, c] = [int(2, 9), int(2, 9), int(2, 9)];
    return (
      `### Step ${step}: Simplify the expression\n\n` +
      `First, we rewrite the fraction \\(\\frac{${a}x + ${b}}{${c}}\\) using a common denominator. ` +
      `Multiplying both sides by \\( ${c} \\), we get:\n` +
      `\\[\n${a}x + ${b} = ${c}\\left(\\frac{x^2 + ${a}}{x - ${b}}\\right)\n\\]\n\n` +
      `Since \\( x \\neq ${b} \\), we can expand the right-hand side:\n` +
      `\\[\n(${a}x + ${b})(x - ${b}) = ${c}x^2 + ${a * c}\n\\]`
    );
  },
  (step, int) => {
    const n = int(3, 5);
    const items = Array.from({ length: n }, (_, i) => {
      const [p, q] = [int(1, 12), int(1, 12)];
      return (
        `${i + 1}. **Case ${i + 1}: \\( x = ${p} \\)**\n` +
        `   \\[\n   f(${p}) = ${p}^2 + ${q} \\cdot ${p} = ${p * p + q * p}\n   \\]\n` +
        `   This value is ${p % 2 === 0 ? 'even' : 'odd'}, so it ${p % 3 === 0 ? 'satisfies' : 'does not satisfy'} the condition.`
      );
    });
    return `### Step ${step}: Check each case\n\nWe evaluate \\( f \\) at each candidate:\n\n${items.join('\n\n')}`;
  },
  (step, int) => {
    const [a, b] = [int(2, 20), int(2, 20)];
    return (
      `### Step ${step}: Compute the sum\n\n` +
      `The sum of the first $n$ terms of the sequence is\n` +
      `$$\n\\sum_{k=1}^{n} \\left( ${a}k + ${b} \\right) = ${a}\\cdot\\frac{n(n+1)}{2} + ${b}n\n$$\n` +
      `For \\( n = 10 \\), this gives \\( ${a} \\cdot 55 + ${b * 10} = ${a * 55 + b * 10} \\). ` +
      `The geometric part converges because \\( \\left| r \\right| < 1 \\):\n` +
      `\\[\n\\begin{aligned}\nS &= \\sum_{k=0}^{\\infty} ar^k \\\\\n&= \\frac{a}{1 - r} = \\frac{${a}}{1 - \\frac{1}{${b}}} = \\frac{${a * b}}{${b - 1}}\n\\end{aligned}\n\\]`
    );
  },
  (step, int) => {
    const [a, b] = [int(2, 30), int(2, 30)];
    return (
      `### Step ${step}: Verify with Python\n\n` +
      `Let's confirm this calculation with Python code.\n` +
      '```python\n' +
      'from sympy import symbols, solve, sqrt\n\n' +
      `# Define the variable and the equation\nx = symbols('x')\n` +
      `equation = x**2 - ${a}*x + ${b}\n` +
      'solutions = solve(equation, x)\n' +
      `total = sum(s for s in solutions)  # Vieta: should be ${a}\n` +
      'print(solutions, total)\n' +
      '```\n' +
      '```output\n' +
      `[${a}/2 - sqrt(${a * a - 4 * b})/2, ${a}/2 + sqrt(${a * a - 4 * b})/2] ${a}\n` +
      '```\n' +
      `The output confirms that the sum of the roots is \\( ${a} \\), as Vieta's formulas predict, ` +
      `and the discriminant is \\( ${a}^2 - 4 \\cdot ${b} = ${a * a - 4 * b} \\).`
    );
  },
  (step, int) => {
    const [r, h] = [int(2, 9), int(2, 9)];
    return (
      `### Step ${step}: Use the geometry\n\n` +
      `- The radius of the base is \\( r = ${r} \\).\n` +
      `- The height of the cone is \\( h = ${h} \\), so the slant height is \\( \\sqrt{${r}^2 + ${h}^2} = \\sqrt{${r * r + h * h}} \\).\n` +
      `- The volume is $V = \\frac{1}{3}\\pi r^2 h = ${(r * r * h) / 3}\\pi$.\n\n` +
      `Substituting these values into the formula for the lateral surface area:\n` +
      `\\[\nA = \\pi r \\sqrt{r^2 + h^2} = ${r}\\pi\\sqrt{${r * r + h * h}} \\approx ${(Math.PI * r * Math.sqrt(r * r + h * h)).toFixed(2)}\n\\]`
    );
  },
];

function conclusion(int: Int): string {
  const p = int(2, 50);
  const q = int(51, 99);
  return (
    `Combining the results, the number of valid values is \\( \\frac{${p * q}}{${q}} = ${p} \\). ` +
    `Therefore, the final answer is:\n\\[\n\\boxed{${p}}\n\\]`
  );
}

const SOUP = [
  ...['a', 'b', 'x', '1', '2', ' ', ' ', '  ', '    ', '\t', '\n', '\n', '\n\n', '.', ',', ':'],
  ...['*', '**', '_', '`', '```', '~~~', '~', '$', '$$', '$x$', '\\(x\\)', '&', ';', '<b>', '|'],
  ...['\\(', '\\)', '\\[', '\\]', '{', '}', '\\boxed{', '\\frac', '\\', 'x^2', '(', ')'],
  ...['[', ']', '#', '## ', '- ', '+ ', '* ', '1. ', '1) ', '> ', '=', '===', '-', '---'],
  '```python\n',
];

/**
 * Random markdown-and-math soup, for property tests of streaming: what a
 * token-by-token render shows must match a fresh render of the same text.
 * Returns the text cut into random 1–4 character chunks.
 */
export function randomSoup(seed: number, atoms = 60): string[] {
  const rand = mulberry32(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  let text = '';
  for (let i = 0; i < atoms; i++) text += SOUP[pick(SOUP.length)] ?? '';
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + pick(4);
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}
