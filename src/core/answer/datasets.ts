import { extractAnswer, normalizeAnswer } from './extract';
import { stripString } from './normalize';
import { pyStr, pyStrip } from './py';

/**
 * The data sets the eval harness runs, by their official names. math500 is
 * not in Qwen's evaluation; its reference is the `answer` field (data README),
 * normalised so that it equals what the official 'math' path would take from
 * the problem's solution.
 */
export type DatasetName = 'gsm8k' | 'math' | 'math500' | 'aime24' | 'amc23';
export const DATASET_NAMES: readonly DatasetName[] = [
  'gsm8k',
  'math',
  'math500',
  'aime24',
  'amc23',
];

export function isDatasetName(value: unknown): value is DatasetName {
  return typeof value === 'string' && (DATASET_NAMES as readonly string[]).includes(value);
}

/** A row of a benchmark file; only the fields the official parser reads are named. */
export type DatasetExample = Readonly<Record<string, unknown>>;

function field(example: DatasetExample, key: string): string | undefined {
  const v = example[key];
  return typeof v === 'string' || typeof v === 'number' ? pyStr(v) : undefined;
}

function required(example: DatasetExample, key: string, dataset: DatasetName): string {
  const v = field(example, key);
  if (v === undefined) throw new Error(`A ${dataset} example needs a "${key}" field.`);
  return v;
}

/**
 * The reference answer as the official `parse_ground_truth` computes it:
 * - gsm8k: the text after `####`, through strip_string;
 * - math: the boxed answer of `solution`, extracted and normalised twice; or,
 *   when a row carries both `gt_cot` and `gt` (evaluation output), of `gt_cot`,
 *   normalised once;
 * - aime24, amc23: the `answer` field through strip_string (amc23's is a
 *   float: 27.0 → "27");
 * - math500: the `answer` field normalised like a boxed answer (see above).
 */
export function parseGroundTruth(example: DatasetExample, dataset: DatasetName): string {
  switch (dataset) {
    case 'math': {
      const gtCot = field(example, 'gt_cot');
      if (gtCot !== undefined && field(example, 'gt') !== undefined)
        return extractAnswer(gtCot, dataset);
      return stripString(extractAnswer(required(example, 'solution', dataset), dataset));
    }
    case 'gsm8k': {
      const parts = required(example, 'answer', dataset).split('####');
      if (parts.length !== 2) throw new Error('A gsm8k answer needs exactly one "####".');
      return stripString(parts[1] as string);
    }
    case 'math500':
      // Normalised as a boxed answer is, so that it equals what the official
      // 'math' path takes from the same problem's solution (all 500 do; once
      // only, "x \in [-2,7]" would keep its "x\in").
      return normalizeAnswer(required(example, 'answer', dataset), dataset);
    case 'aime24':
    case 'amc23':
      return stripString(required(example, 'answer', dataset));
  }
}

/**
 * The question as the official `parse_question` builds it: the first of
 * question, problem, Question, input; trimmed; with " (True or False)" or
 * " (Yes or No)" added when the reference answer is one of those words.
 */
export function parseQuestion(example: DatasetExample, dataset: DatasetName): string {
  let question = '';
  for (const key of ['question', 'problem', 'Question', 'input']) {
    if (key in example) {
      question = field(example, key) ?? '';
      break;
    }
  }
  const gt = parseGroundTruth(example, dataset).toLowerCase();
  if (gt === 'true' || gt === 'false') question += ' (True or False)';
  if (gt === 'yes' || gt === 'no') question += ' (Yes or No)';
  return pyStrip(question);
}
