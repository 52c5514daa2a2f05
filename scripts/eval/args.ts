/**
 * The eval CLI's flags: parsed and checked before anything heavy loads, so a
 * typo costs a second and one line on stderr, not a model load.
 */
import type { DatasetName } from '../../src/core/answer/datasets';
import { isPromptStyle, type PromptStyle, type ReasoningMode } from '../../src/core/prompts';
import { DTYPES, type Dtype } from '../../src/core/registry';

/** The sets under ../shared/data; 'math' (the full MATH test) needs --data. */
export const EVAL_DATASETS = ['gsm8k', 'math500', 'aime24', 'amc23'] as const;
export type EvalDataset = (typeof EVAL_DATASETS)[number] | 'math';

/** Qwen's evaluation: max_tokens_per_call (per TIR round). */
export const DEFAULT_MAX_NEW_TOKENS = 2048;

export const USAGE =
  'usage: npm run eval -- --model ID_OR_DIR --dataset gsm8k|math500|aime24|amc23 ' +
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

/** Bad usage: exit code 2, as `npm run grade`. */
export class UsageError extends Error {}

const FLAGS = [
  'model',
  'dataset',
  'limit',
  'mode',
  'samples',
  'out',
  'prompt-style',
  'dtype',
  'max-new-tokens',
  'temperature',
  'top-p',
  'seed',
  'data',
  'model-host',
  'hub-host',
  'python-timeout',
] as const;
type Flag = (typeof FLAGS)[number];

function isFlag(name: string): name is Flag {
  return (FLAGS as readonly string[]).includes(name);
}

export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  const values = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') throw new UsageError(USAGE);
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${arg}; ${USAGE}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!isFlag(name)) throw new UsageError(`unknown option --${name}; ${USAGE}`);
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`--${name} needs a value; ${USAGE}`);
      }
      i++;
    }
    if (values.has(name)) throw new UsageError(`--${name} is given twice`);
    values.set(name, value);
  }

  const model = values.get('model');
  if (!model) throw new UsageError(`--model is required; ${USAGE}`);
  const dataset = values.get('dataset');
  if (!dataset) throw new UsageError(`--dataset is required; ${USAGE}`);
  const data = values.get('data');
  if (!(EVAL_DATASETS as readonly string[]).includes(dataset) && !(dataset === 'math' && data)) {
    throw new UsageError(
      `unknown --dataset ${dataset}: one of ${EVAL_DATASETS.join(', ')}` +
        ' (or math, with --data pointing at the MATH test set)',
    );
  }
  const mode = values.get('mode') ?? 'cot';
  if (mode !== 'cot' && mode !== 'tir')
    throw new UsageError(`--mode must be cot or tir, not ${mode}`);
  const promptStyle = values.get('prompt-style');
  if (promptStyle !== undefined && !isPromptStyle(promptStyle)) {
    throw new UsageError(
      `--prompt-style must be qwen-boxed or qwen25-math-cot, not ${promptStyle}`,
    );
  }
  const dtype = values.get('dtype');
  if (dtype !== undefined && !(DTYPES as readonly string[]).includes(dtype)) {
    throw new UsageError(`--dtype must be one of ${DTYPES.join(', ')}, not ${dtype}`);
  }

  const args: EvalArgs = {
    model,
    dataset: dataset as EvalArgs['dataset'],
    mode,
    samples: integer(values, 'samples', 1) ?? 1,
    maxNewTokens: integer(values, 'max-new-tokens', 1) ?? DEFAULT_MAX_NEW_TOKENS,
    seed: integer(values, 'seed', 0) ?? 0,
  };
  const limit = integer(values, 'limit', 1);
  if (limit !== undefined) args.limit = limit;
  const temperature = number(values, 'temperature', (t) => t > 0, 'a number above 0');
  if (temperature !== undefined) args.temperature = temperature;
  const topP = number(values, 'top-p', (p) => p > 0 && p <= 1, 'a number in (0, 1]');
  if (topP !== undefined) args.topP = topP;
  const timeout = number(values, 'python-timeout', (s) => s > 0, 'a number of seconds above 0');
  if (timeout !== undefined) args.pythonTimeoutMs = Math.round(timeout * 1000);
  if (promptStyle) args.promptStyle = promptStyle;
  if (dtype) args.dtype = dtype as Dtype;
  for (const [flag, key] of [
    ['out', 'out'],
    ['data', 'data'],
    ['model-host', 'modelHost'],
    ['hub-host', 'hubHost'],
  ] as const) {
    const value = values.get(flag);
    if (value !== undefined) {
      if (value === '') throw new UsageError(`--${flag} needs a value`);
      args[key] = value;
    }
  }
  for (const flag of ['model-host', 'hub-host'] as const) {
    const value = values.get(flag);
    if (value !== undefined && !/^https?:\/\/./.test(value)) {
      throw new UsageError(`--${flag} must be an http(s) URL, not ${value}`);
    }
  }
  return args;
}

function integer(values: Map<Flag, string>, flag: Flag, min: number): number | undefined {
  const text = values.get(flag);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${flag} must be a whole number of at least ${min}, not ${text}`);
  }
  return value;
}

function number(
  values: Map<Flag, string>,
  flag: Flag,
  valid: (value: number) => boolean,
  what: string,
): number | undefined {
  const text = values.get(flag);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !valid(value)) {
    throw new UsageError(`--${flag} must be ${what}, not ${text}`);
  }
  return value;
}
