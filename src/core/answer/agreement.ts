/**
 * "Double-check": several solutions to one problem, each answer read the way
 * the official evaluation reads it, grouped by mathematical equality (so
 * "0.5" and "\frac12" agree), as Maj@k does. What the student is told rests
 * on the group of the answer they were shown (the first solution).
 */
import { extractPrediction } from './extract';
import { majorityVote } from './vote';

export interface Agreement {
  /** Each solution's answer, as extracted ('' when it gave none). */
  answers: string[];
  /** How many solutions give the answer shown (the first solution's). */
  agree: number;
  total: number;
  /** The most common answer and how many give it, when that is not the one shown. */
  majority?: { answer: string; count: number };
  /** The other answers given, each once, in order. */
  others: string[];
}

export async function agreementOf(
  solutions: readonly string[],
  equal: (a: string, b: string) => boolean | PromiseLike<boolean>,
): Promise<Agreement> {
  const answers = solutions.map((s) => extractPrediction(s));
  const vote = await majorityVote(answers, (a, b) => a !== '' && b !== '' && equal(a, b));
  const clusters = vote?.clusters ?? [];
  const shown = clusters.find((c) => c.includes(0)) ?? [];
  const largest = clusters.reduce<number[]>((best, c) => (c.length > best.length ? c : best), []);
  const others = clusters
    .filter((c) => c !== shown)
    .map((c) => answers[c[0] as number] as string)
    .filter((a) => a !== '');
  return {
    answers,
    agree: answers[0] === '' ? 0 : shown.length,
    total: solutions.length,
    ...(largest !== shown && largest.length > shown.length
      ? { majority: { answer: answers[largest[0] as number] as string, count: largest.length } }
      : {}),
    others,
  };
}
