/**
 * The eval CLI's flags: parsed and checked before anything heavy loads, so a
 * typo costs a second and one line on stderr, not a model load.
 */
import type { DatasetName } from '../../src/core/answer/datasets';
import { PROMPT_STYLES, type PromptStyle, type ReasoningMode } from '../../src/core/prompts';
import { DTYPES, type Dtype } from '../../src/core/registry';
import { numberOption, oneOf, type ParsedCli, parseCli, UsageError, wholeNumber } from '../cli';

/** The sets under ../shared/data; 'math' (the full MATH test) needs --data. */
export const EVAL_DATASETS = ['gsm8k', 'math500', 'aime24', 'amc23'] as const;
export type EvalDataset = (typeof EVAL_DATASETS)[number] | 'math';

/** Qwen's evaluation: max_tokens_per_call (per TIR round). */
export const DEFAULT_MAX_NEW_TOKENS = 2048;

export const USAGE =
  'npm run eval -- --model ID_OR_DIR --dataset gsm8k|math500|aime24|amc23 ' +
  '[--limit N] [--mode cot|tir] [--samples K] [--out FILE.jsonl] [--prompt-style STYLE] ' +
  '[--dtype DTYPE] [--max-new-tokens N] [--temperature T] [--top-p P] [--seed N] ' +
  '[--data FILE.jsonl] [--model-host URL] [--hub-host URL] [--python-timeout S]';

export interface EvalArgs {
  model: string;
  dataset: EvalDataset & DatasetName;
  limit?: number;
  mode: ReasoningMode;
  samples: number;
  out?: string;
  promptStyle?: PromptStyle;
  dtype?: Dtype;
  maxNewTokens: number;
  temperature?: number;
  topP?: number;
  seed: number;
  data?: string;
  modelHost?: string;
  hubHost?: string;
  pythonTimeoutMs?: number;
}

export { UsageError };

const str = { type: 'string' } as const;

export const CLI = {
  name: 'eval',
  usage: USAGE,
  options: {
    model: str,
    dataset: str,
    limit: str,
    mode: { type: 'string', default: 'cot' },
    samples: { type: 'string', default: '1' },
    out: str,
    'prompt-style': str,
    dtype: str,
    'max-new-tokens': { type: 'string', default: String(DEFAULT_MAX_NEW_TOKENS) },
    temperature: str,
    'top-p': str,
    seed: { type: 'string', default: '0' },
    data: str,
    'model-host': str,
    'hub-host': str,
    'python-timeout': str,
  },
} as const;

export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  return evalArgs(parseCli(CLI, argv));
}

/** The options checked and typed: every value's error is a UsageError naming its option. */
export function evalArgs({ values }: ParsedCli<typeof CLI.options>): EvalArgs {
  const { model, dataset, data } = values;
  if (!model) throw new UsageError('--model is required');
  if (!dataset) throw new UsageError('--dataset is required');
  const isEvalDataset = (name: string): name is EvalArgs['dataset'] =>
    (EVAL_DATASETS as readonly string[]).includes(name) || (name === 'math' && Boolean(data));
  if (!isEvalDataset(dataset)) {
    throw new UsageError(
      `unknown --dataset ${dataset}: one of ${EVAL_DATASETS.join(', ')}` +
        ' (or math, with --data pointing at the MATH test set)',
    );
  }
  const args: EvalArgs = {
    model,
    dataset,
    mode: oneOf(values.mode, 'mode', ['cot', 'tir'] as const),
    samples: wholeNumber(values.samples, 'samples', 1),
    maxNewTokens: wholeNumber(values['max-new-tokens'], 'max-new-tokens', 1),
    seed: wholeNumber(values.seed, 'seed', 0),
  };
  if (values.limit !== undefined) args.limit = wholeNumber(values.limit, 'limit', 1);
  const style = values['prompt-style'];
  if (style !== undefined) args.promptStyle = oneOf(style, 'prompt-style', PROMPT_STYLES);
  if (values.dtype !== undefined) args.dtype = oneOf(values.dtype, 'dtype', DTYPES);
  if (values.temperature !== undefined) {
    args.temperature = numberOption(
      values.temperature,
      'temperature',
      (t) => t > 0,
      'a number above 0',
    );
  }
  if (values['top-p'] !== undefined) {
    args.topP = numberOption(
      values['top-p'],
      'top-p',
      (p) => p > 0 && p <= 1,
      'a number in (0, 1]',
    );
  }
  const timeout = values['python-timeout'];
  if (timeout !== undefined) {
    const seconds = numberOption(
      timeout,
      'python-timeout',
      (t) => t > 0,
      'a number of seconds above 0',
    );
    args.pythonTimeoutMs = Math.round(seconds * 1000);
  }
  for (const [option, key] of [
    ['out', 'out'],
    ['data', 'data'],
    ['model-host', 'modelHost'],
    ['hub-host', 'hubHost'],
  ] as const) {
    const value = values[option];
    if (value === undefined) continue;
    if (value === '') throw new UsageError(`--${option} needs a value`);
    if (option.endsWith('-host') && !/^https?:\/\/./.test(value)) {
      throw new UsageError(`--${option} must be an http(s) URL, not ${value}`);
    }
    args[key] = value;
  }
  return args;
}
