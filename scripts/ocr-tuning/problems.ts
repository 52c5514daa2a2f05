/**
 * Problem texts for the OCR tuning set: GSM8K and MATH500 problems from
 * ../shared/data (never those the dev images were made from), and problems
 * written here from templates that stress what the dev analysis found hard:
 * exponents of more than one character, stacked fractions, roots, italic
 * variables, subscripts, inequalities.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { problemToPlain } from '../../src/core/ocr/latex-plain';

export interface Problem {
  source: string;
  /** As typed: LaTeX in `$…$` / `\[…\]` for math. */
  gt: string;
  gt_plain: string;
  content: 'word-problem' | 'katex-math';
}

export type Random = () => number;

export const pick = <T>(rand: Random, items: readonly T[]): T =>
  items[Math.floor(rand() * items.length)] as T;
export const int = (rand: Random, lo: number, hi: number) =>
  lo + Math.floor(rand() * (hi - lo + 1));

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** The problems the dev images show: excluded, so that the dev set stays unseen. */
export function devSources(dataDir: string): Set<string> {
  const manifest = path.join(dataDir, 'ocr', 'dev', 'manifest.jsonl');
  if (!existsSync(manifest)) return new Set();
  return new Set(readJsonl<{ source: string }>(manifest).map((r) => r.source));
}

export function gsm8kProblems(dataDir: string, exclude: Set<string>): Problem[] {
  return readJsonl<{ question: string; idx?: number }>(path.join(dataDir, 'gsm8k', 'test.jsonl'))
    .map((row, i) => ({ row, source: `gsm8k:${row.idx ?? i}` }))
    .filter(({ row, source }) => !exclude.has(source) && row.question.length <= 260)
    .map(({ row, source }) => {
      const text = row.question.replace(/\s+/g, ' ').trim();
      return { source, gt: text, gt_plain: text, content: 'word-problem' as const };
    });
}

/** LaTeX the renderer and the plain reading both handle; no diagrams, tables or environments. */
const SIMPLE_MATH = /^[^\n]*$/;
const UNSUPPORTED =
  /\[asy\]|\\begin|\\\\|\\(?:mbox|overline|underbrace|overbrace|hline|tag|label|qquad|mathbb|mathcal|not|circ|angle|triangle|perp|parallel|cong|sim|lfloor|rceil|pmod|bmod|binom)\b|\\\$|&/;

export function math500Problems(dataDir: string, exclude: Set<string>): Problem[] {
  return readJsonl<{ problem: string; unique_id: string }>(
    path.join(dataDir, 'math500', 'test.jsonl'),
  )
    .map((row) => ({ row, source: `math500:${row.unique_id}` }))
    .filter(
      ({ row, source }) =>
        !exclude.has(source) &&
        row.problem.length <= 220 &&
        row.problem.includes('$') &&
        SIMPLE_MATH.test(row.problem.replace(/\n/g, ' ')) &&
        !UNSUPPORTED.test(row.problem) &&
        // An unescaped % in math is a TeX comment.
        ![...row.problem.matchAll(/\$([^$]*)\$/g)].some((m) => /(^|[^\\])%/.test(m[1] ?? '')),
    )
    .map(({ row, source }) => {
      const gt = row.problem.replace(/[ \t]+/g, ' ').trim();
      return { source, gt, gt_plain: problemToPlain(gt), content: 'katex-math' as const };
    });
}

const VARS = ['x', 'y', 'z', 'n', 'a', 'b', 't', 'k', 'm'] as const;

type Template = (rand: Random) => string;

/** Problems written for this set; each draws its numbers and letters from the seed. */
const TEMPLATES: Template[] = [
  (r) => {
    const v = pick(r, VARS);
    const b = pick(r, [2, 3, 5]);
    const k = int(r, 2, 3);
    return `Solve $${b}^{${k}${v}} = ${b ** (k * int(r, 1, 2))}$ for $${v}$.`;
  },
  (r) => {
    const v = pick(r, VARS);
    const a = int(r, 2, 9);
    return `Simplify $\\frac{${v}^2 - ${a * a}}{${v} + ${a}}$.`;
  },
  (r) => {
    const v = pick(r, VARS);
    const a = int(r, 2, 9);
    const c = int(r, 3, 12);
    return `Find $${v}$ if $\\sqrt{${a}${v} + ${int(r, 1, 9)}} = ${c}$.`;
  },
  (r) =>
    `Evaluate $\\frac{${int(r, 1, 9)}}{${int(r, 2, 12)}} + \\frac{${int(r, 1, 9)}}{${int(r, 2, 12)}}$.`,
  (r) => {
    const v = pick(r, VARS);
    return `What is the value of $${v}^{${int(r, 2, 4)}} - ${int(r, 2, 9)}${v} + ${int(r, 1, 20)}$ when $${v} = ${int(r, -5, 9)}$?`;
  },
  (r) => {
    const v = pick(r, VARS);
    return `If $${int(r, 2, 9)}${v} - ${int(r, 1, 9)} = ${int(r, 10, 60)}$, what is $${v}$?`;
  },
  (r) => {
    const v = pick(r, VARS);
    const w = pick(
      r,
      VARS.filter((x) => x !== v),
    );
    return `Let $${v} + ${w} = ${int(r, 5, 30)}$ and $${v} - ${w} = ${int(r, 1, 4)}$. Find $${v}${w}$.`;
  },
  (r) => {
    const v = pick(r, VARS);
    return `How many integers $${v}$ satisfy $${int(r, 2, 5)}${v} - ${int(r, 1, 9)} \\le ${int(r, 10, 40)}$ and $${v} > ${int(r, -9, 0)}$?`;
  },
  (r) => `Compute $\\sqrt{${int(r, 2, 30) ** 2}} + \\sqrt{${int(r, 2, 12)}}$.`,
  (r) => {
    const v = pick(r, VARS);
    return `Expand $(${v} + ${int(r, 1, 9)})^{${int(r, 2, 3)}}$.`;
  },
  (r) => {
    const a = pick(r, ['a', 'b', 'x']);
    return `The sequence $${a}_1, ${a}_2, ${a}_3, \\dots$ has $${a}_1 = ${int(r, 1, 9)}$ and $${a}_{n+1} = ${int(r, 2, 4)}${a}_n - ${int(r, 1, 5)}$. Find $${a}_{${int(r, 4, 6)}}$.`;
  },
  (r) => {
    const v = pick(r, VARS);
    return `Solve for $${v}$: \\[\\frac{${int(r, 1, 9)}}{${v} - ${int(r, 1, 9)}} = \\frac{${int(r, 2, 9)}}{${v} + ${int(r, 1, 9)}}.\\]`;
  },
  (r) => {
    const v = pick(r, VARS);
    return `Find the minimum of $f(${v}) = ${v}^2 - ${int(r, 2, 12)}${v} + ${int(r, 1, 30)}$.`;
  },
  (r) =>
    `Write $${int(r, 2, 9)}^{-${int(r, 1, 3)}} \\cdot ${int(r, 2, 9)}^{${int(r, 2, 5)}}$ as a fraction.`,
  (r) => {
    const v = pick(r, VARS);
    return `For which $${v}$ is $|${v} - ${int(r, 1, 9)}| \\ge ${int(r, 2, 7)}$?`;
  },
  (r) =>
    `Simplify $\\frac{${int(r, 10, 99)}}{${int(r, 100, 999)}} \\div \\frac{${int(r, 2, 9)}}{${int(r, 3, 15)}}$.`,
  (r) => {
    const v = pick(r, VARS);
    return `Find all $${v}$ with $${v}^{2} + ${int(r, 2, 9)}${v} = ${int(r, 10, 60)}$.`;
  },
  (r) => `What is $${int(r, 2, 9)}\\pi r^2$ when $r = ${int(r, 2, 9)}$?`,
  (r) => {
    const v = pick(r, VARS);
    return `Evaluate $\\sin^2 ${v} + \\cos^2 ${v}$ for $${v} = ${int(r, 10, 80)}$ degrees.`;
  },
  (r) =>
    `Compute $\\frac{${int(r, 2, 9)}^{${int(r, 2, 5)}} \\cdot ${int(r, 2, 9)}^{${int(r, 2, 5)}}}{${int(r, 2, 9)}^{${int(r, 2, 5)}}}$.`,
];

export function templateProblems(rand: Random, count: number): Problem[] {
  return Array.from({ length: count }, (_, i) => {
    const template = TEMPLATES[i % TEMPLATES.length] as Template;
    const gt = template(rand);
    return {
      source: `template:${i % TEMPLATES.length}`,
      gt,
      gt_plain: problemToPlain(gt),
      content: 'katex-math' as const,
    };
  });
}

/** Short expressions for the sketch pad: what a student draws by hand. */
export function sketchExpressions(rand: Random, count: number): string[] {
  const forms: Template[] = [
    (r) => `${int(r, 1, 9)}+${int(r, 1, 9)}`,
    (r) => `${int(r, 10, 99)}-${int(r, 1, 9)}`,
    (r) => `${int(r, 2, 9)}x=${int(r, 10, 60)}`,
    (r) => `${int(r, 2, 9)}x+${int(r, 1, 9)}=${int(r, 10, 40)}`,
    (r) => `${int(r, 2, 9)}*${int(r, 2, 9)}`,
    (r) => `${int(r, 10, 99)}/${int(r, 2, 9)}`,
    (r) => `x+${int(r, 1, 9)}=${int(r, 10, 20)}`,
    (r) => `${int(r, 1, 9)}${int(r, 0, 9)}+${int(r, 1, 9)}${int(r, 0, 9)}`,
  ];
  return Array.from({ length: count }, (_, i) => (forms[i % forms.length] as Template)(rand));
}
