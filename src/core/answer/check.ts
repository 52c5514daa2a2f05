import { judge } from './equal';
import { normalizeAnswer } from './extract';
import { loadComputeEngineJudge, type SymbolicJudge } from './symbolic';

export interface CheckResult {
  /** 'unknown': the answers are not obviously equal and the symbolic judge could not decide. */
  correct: boolean | 'unknown';
}

export interface CheckOptions {
  /** Default: compute-engine reading `2\frac{1}{3}` as a mixed number (see docs/grading.md). */
  symbolic?: SymbolicJudge;
}

let defaultJudge: Promise<SymbolicJudge> | undefined;

/**
 * The one place we depart from the official grader on purpose: a student who
 * types 1.25 for the model's 1\frac{1}{4} is right, though sympy would read
 * 1·1/4 (see docs/grading.md).
 */
function mixedNumberJudge(): Promise<SymbolicJudge> {
  defaultJudge ??= loadComputeEngineJudge({ mixedNumbers: 'sum' }).catch((error: unknown) => {
    defaultJudge = undefined; // offline or a failed chunk: let the next check try again
    throw error;
  });
  return defaultJudge;
}

/**
 * What students type without LaTeX, as LaTeX: sqrt(…) and √, pi and π, ∞,
 * Unicode minus, × and ÷. Applied to the student's side only; everything
 * else is left to the official normalisation.
 */
export function plainToLatex(input: string): string {
  let text = input
    .replace(/[\u2212\u2013]/g, '-')
    .replace(/×/g, '\\times ')
    .replace(/÷/g, '\\div ')
    .replace(/∞/g, '\\infty ')
    .replace(/π|(?<![\\A-Za-z])pi(?![A-Za-z])/g, '\\pi ')
    .replace(/√(\d+|[A-Za-z])/g, '\\sqrt{$1}');
  // sqrt(…) and √(…) with balanced parentheses
  for (let at = findSqrtCall(text); at; at = findSqrtCall(text)) {
    const { start, open } = at;
    let depth = 0;
    let close = -1;
    for (let i = open; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close < 0) break;
    text = `${text.slice(0, start)}\\sqrt{${text.slice(open + 1, close)}}${text.slice(close + 1)}`;
  }
  return text;
}

function findSqrtCall(text: string): { start: number; open: number } | undefined {
  const match = /(?<!\\)(?:sqrt|√)\s*\(/.exec(text);
  return match ? { start: match.index, open: match.index + match[0].length - 1 } : undefined;
}

/**
 * "Check my answer": the student's typed answer against the model's boxed
 * answer, with the same normalisation and equivalence the accuracy numbers
 * use. Students type "1/2", "0.5", "x=3", "\frac12", "50%": all normalise
 * the way the official grader normalises model answers.
 */
export async function checkAnswer(
  studentInput: string,
  modelAnswerLatex: string,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const student = normalizeAnswer(plainToLatex(studentInput));
  const model = normalizeAnswer(modelAnswerLatex);
  if (student === '' || model === '') return { correct: false };
  const symbolic = options.symbolic ?? (await mixedNumberJudge());
  return { correct: await judge(student, model, { symbolic }) };
}
