/**
 * The evaluation proper: for every problem, K solutions from the engine (one
 * generation in CoT; the TIR loop with the Python runner in TIR), each read
 * and judged exactly as the app and Qwen's evaluation read and judge them,
 * and a vote when K > 1. Engines come in from outside so tests can pass
 * doubles and the CLI the real ones.
 */
import { type DatasetName, extractPrediction, judge, mathEqual } from '../../src/core/answer';
import { pyStrip } from '../../src/core/answer/py';
import type { SymbolicJudge } from '../../src/core/answer/symbolic';
import { majorityVote } from '../../src/core/answer/vote';
import { buildPrompt, type PromptStyle, type ReasoningMode } from '../../src/core/prompts';
import { type CodeRunner, runTir, type TextGenerator } from '../../src/core/tir';
import type { GenerateResult, LlmEngineApi, Sampling } from '../../src/engines/llm/protocol';
import type { Problem } from './data';

/**
 * Stop strings of Qwen's math_eval.py. <|im_end|> and <|endoftext|> are its
 * other two; the engine stops on them as tokens.
 */
export const COT_STOP = ['</s>'];
export const TIR_STOP = ['</s>', '\n\n---', '```output'];

export interface EvalConfig {
  dataset: DatasetName;
  promptStyle: PromptStyle;
  mode: ReasoningMode;
  samples: number;
  maxNewTokens: number;
  /** Absent: greedy. */
  sampling?: Omit<Sampling, 'seed'>;
  seed: number;
  pythonTimeoutMs?: number;
}

export interface EvalEngines {
  llm: LlmEngineApi;
  /** Needed in TIR mode. */
  python?: CodeRunner;
  /** The symbolic step of the grader; null for none. */
  symbolic: SymbolicJudge | null;
}

/** One solution and what it cost. */
export interface Solution {
  text: string;
  finishReason: string;
  /** Generated tokens over all rounds. */
  tokens: number;
  /** Prompt tokens of the first round. */
  promptTokens: number;
  ms: number;
  /** Time spent decoding after each round's first token (for tokens/s without prefill). */
  decodeMs: number;
  /** Tokens decoded in that time. */
  decodeTokens: number;
  rounds: number;
  /** Programs run (TIR). */
  calls?: number;
}

/** A JSONL row: the golden file's shape (so `npm run grade` re-grades it) plus costs. */
export interface EvalRow {
  idx: number;
  question: string;
  gt: string;
  [field: string]: unknown;
  responses: string[];
  preds: string[];
  scores: boolean[];
  finish_reasons: string[];
  tokens: number[];
  prompt_tokens: number[];
  ms: number[];
  tool_calls?: number[];
  maj_pred?: string;
  maj_score?: boolean;
}

export interface ProblemResult {
  row: EvalRow;
  solutions: Solution[];
  /** The problem's verdict: its only response's score, or maj@K's. */
  correct: boolean;
}

/**
 * A seed per problem, sample and round, so any one solution can be redrawn
 * alone and the order problems run in does not matter.
 */
export function solutionSeed(base: number, idx: number, sample: number, round: number): number {
  let h = 0x811c9dc5;
  for (const n of [base, idx, sample, round]) {
    for (const byte of new Uint8Array(new Float64Array([n]).buffer)) {
      h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    }
  }
  return h;
}

export async function solveProblem(
  problem: Problem,
  config: EvalConfig,
  engines: EvalEngines,
): Promise<ProblemResult> {
  const prompt = buildPrompt(config.promptStyle, problem.question, config.mode);
  const solutions: Solution[] = [];
  for (let k = 0; k < config.samples; k++) {
    solutions.push(await solveOnce(prompt, problem.idx, k, config, engines));
  }
  const responses = solutions.map((s) => pyStrip(s.text));
  const preds = responses.map((r) => extractPrediction(r, config.dataset));
  const symbolic = engines.symbolic;
  const scores: boolean[] = [];
  for (const pred of preds) scores.push((await judge(pred, problem.gt, { symbolic })) === true);

  const row: EvalRow = {
    idx: problem.idx,
    question: problem.question,
    gt: problem.gt,
    ...problem.fields,
    responses,
    preds,
    scores,
    finish_reasons: solutions.map((s) => s.finishReason),
    tokens: solutions.map((s) => s.tokens),
    prompt_tokens: solutions.map((s) => s.promptTokens),
    ms: solutions.map((s) => Math.round(s.ms)),
  };
  if (config.mode === 'tir') row.tool_calls = solutions.map((s) => s.calls ?? 0);
  let correct = scores[0] === true;
  if (config.samples > 1) {
    const vote = await majorityVote(preds, (a, b) => mathEqual(a, b, { symbolic }));
    row.maj_pred = vote ? (preds[vote.index] as string) : '';
    row.maj_score = vote ? scores[vote.index] === true : false;
    correct = row.maj_score;
  }
  return { row, solutions, correct };
}

async function solveOnce(
  prompt: string,
  idx: number,
  sample: number,
  config: EvalConfig,
  engines: EvalEngines,
): Promise<Solution> {
  const started = performance.now();
  const solution: Solution = {
    text: '',
    finishReason: 'length',
    tokens: 0,
    promptTokens: 0,
    ms: 0,
    decodeMs: 0,
    decodeTokens: 0,
    rounds: 0,
  };
  const generator: TextGenerator = {
    generate: async (text, options) => {
      const seed = solutionSeed(config.seed, idx, sample, solution.rounds);
      const result = await engines.llm.generate(
        {
          prompt: text,
          maxNewTokens: options.maxNewTokens ?? config.maxNewTokens,
          stop: options.stop,
          ...(config.sampling ? { sampling: { ...config.sampling, seed } } : {}),
        },
        {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onText ? { onChunk: (chunk) => options.onText?.(chunk.text) } : {}),
        },
      );
      count(solution, result);
      return { text: result.text, finishReason: result.finishReason };
    },
  };
  try {
    if (config.mode === 'tir') {
      if (!engines.python) throw new Error('TIR needs the Python runner');
      const result = await runTir(prompt, {
        generator,
        runner: engines.python,
        stop: TIR_STOP,
        maxNewTokens: config.maxNewTokens,
        ...(config.pythonTimeoutMs ? { timeoutMs: config.pythonTimeoutMs } : {}),
      });
      solution.text = result.text;
      solution.finishReason = result.finishReason;
      solution.calls = result.calls;
    } else {
      const result = await generator.generate(prompt, { stop: COT_STOP });
      solution.text = result.text;
      solution.finishReason = result.finishReason;
    }
  } catch (error) {
    // vLLM answers a prompt past the context with no text; so do we, and go on.
    if ((error as { code?: unknown }).code !== 'prompt-too-long') throw error;
    solution.finishReason = 'prompt-too-long';
  }
  solution.ms = performance.now() - started;
  return solution;
}

function count(solution: Solution, result: GenerateResult): void {
  if (solution.rounds === 0) solution.promptTokens = result.promptTokens;
  solution.rounds++;
  solution.tokens += result.tokens;
  if (result.tokens > 1 && result.tokensPerSecond > 0) {
    solution.decodeTokens += result.tokens - 1;
    solution.decodeMs += ((result.tokens - 1) * 1000) / result.tokensPerSecond;
  }
}
