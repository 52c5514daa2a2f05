/**
 * Self-consistency over several sampled solutions. Maj@k votes over answers
 * grouped by mathematical equality (so "0.5" and "\frac{1}{2}" are one
 * vote), the way the official rm_maj_eval.py groups with use_symbol=True:
 * each answer joins the first earlier group whose first answer it equals.
 * The largest group wins; a tie goes to the group that formed first.
 */

export interface VoteResult {
  /** The winning answer, as its group's first member gave it. */
  answer: string;
  /** Index of that first member in the input. */
  index: number;
  /** Answers in the winning group. */
  count: number;
  /** count / number of answers voting: the confidence shown to the user. */
  share: number;
  /** Every group, as indices into the input, in the order the groups formed. */
  clusters: number[][];
}

export interface VoteOptions {
  /** Leave out empty answers (solutions without one). The official vote counts them. */
  skipEmpty?: boolean;
}

type Equal = (answer: string, representative: string) => boolean;
type AsyncEqual = (answer: string, representative: string) => boolean | PromiseLike<boolean>;

function result(
  answers: readonly string[],
  clusters: number[][],
  voters: number,
): VoteResult | undefined {
  let best: number[] | undefined;
  for (const c of clusters) if (!best || c.length > best.length) best = c;
  if (!best) return undefined;
  const index = best[0] as number;
  return {
    answer: answers[index] as string,
    index,
    count: best.length,
    share: best.length / voters,
    clusters,
  };
}

/** Maj@k with a synchronous equality, e.g. `(a, b) => mathEqualSync(a, b, { symbolic })`. */
export function majorityVoteSync(
  answers: readonly string[],
  equal: Equal,
  options: VoteOptions = {},
): VoteResult | undefined {
  const clusters: number[][] = [];
  let voters = 0;
  for (const [i, answer] of answers.entries()) {
    if (options.skipEmpty && answer === '') continue;
    voters++;
    const home = clusters.find((c) => equal(answer, answers[c[0] as number] as string));
    if (home) home.push(i);
    else clusters.push([i]);
  }
  return result(answers, clusters, voters);
}

/** Maj@k with any equality, e.g. `(a, b) => mathEqual(a, b)`. */
export async function majorityVote(
  answers: readonly string[],
  equal: AsyncEqual,
  options: VoteOptions = {},
): Promise<VoteResult | undefined> {
  const clusters: number[][] = [];
  let voters = 0;
  for (const [i, answer] of answers.entries()) {
    if (options.skipEmpty && answer === '') continue;
    voters++;
    let home: number[] | undefined;
    for (const c of clusters) {
      if (await equal(answer, answers[c[0] as number] as string)) {
        home = c;
        break;
      }
    }
    if (home) home.push(i);
    else clusters.push([i]);
  }
  return result(answers, clusters, voters);
}

/**
 * The official Maj@k of rm_maj_eval.py as published (use_symbol=False):
 * answers grouped by exact string; ties to the answer seen first. Returns the
 * index of the winning group's first member.
 */
export function majorityByString(answers: readonly string[]): number | undefined {
  return majorityVoteSync(answers, (a, b) => a === b)?.index;
}

/** RM@k: the index of the highest reward-model score (the first on a tie), as the official script. */
export function bestByReward(scores: readonly number[]): number | undefined {
  let best: number | undefined;
  for (const [i, s] of scores.entries())
    if (best === undefined || s > (scores[best] as number)) best = i;
  return best;
}
