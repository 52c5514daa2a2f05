import {
  DEFAULT_MAX_CALLS,
  MAX_CALLS_MESSAGE,
  OUTPUT_FENCE,
  outputBlock,
  pyRstrip,
} from './format';
import { trailingProgram } from './program';
import { cutAtStop, RoundStream } from './stream';
import type { CodeRunner, FinishReason, RunResult, TextGenerator } from './types';

export type TirEvent =
  /** A program block closed and is about to run (call is 1-based). */
  | { type: 'run'; call: number; code: string }
  /** Its result, as appended to the text. */
  | { type: 'result'; call: number; result: RunResult; ms: number }
  /** The call limit was reached and the evaluation's message appended. */
  | { type: 'limit'; calls: number }
  /**
   * The generator's streamed pieces disagreed with its final text: what was shown
   * is wrong and `text` is the whole solution so far.
   */
  | { type: 'resync'; text: string };

export interface TirOptions {
  generator: TextGenerator;
  runner: CodeRunner;
  /** Namespace for this solution's programs; a fresh one by default, ended afterwards. */
  session?: string;
  /** Code executions per solution (the evaluation's max_func_call). Default 4. */
  maxCalls?: number;
  /** Default ["```output"], as Qwen-Agent. The evaluation also stops at "\n\n---". */
  stop?: string[];
  /** Per generation round (the evaluation's max_tokens_per_call). */
  maxNewTokens?: number;
  /** Per program run; the runner's default when absent. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * The solution text as it grows: model text and the output blocks, in order.
   * The pieces concatenate to the final `text` (unless a 'resync' event says otherwise).
   */
  onText?: (delta: string) => void;
  onEvent?: (event: TirEvent) => void;
  /**
   * The evaluation ends the solution right after the last allowed call's output
   * and the limit message. With this set, the model gets one more round to
   * conclude (its code, if any, is not run).
   */
  continueAfterLimit?: boolean;
}

export type TirFinishReason = FinishReason | 'max-calls';

export interface TirResult {
  /** The solution: everything after the prompt. */
  text: string;
  calls: number;
  finishReason: TirFinishReason;
}

let sessionCounter = 0;

/**
 * Tool-integrated reasoning as the Qwen2.5-Math evaluation runs it
 * (math_eval.py): generate until the model asks for output, run the program it
 * just closed, append "\n```output\n…\n```\n" and generate again, at most
 * `maxCalls` times. A round that mentions "boxed" or does not end with a closed
 * program ends the solution.
 */
export async function runTir(prompt: string, options: TirOptions): Promise<TirResult> {
  const { generator, runner, signal, onEvent } = options;
  const stop = options.stop ?? [OUTPUT_FENCE];
  const maxCalls = options.maxCalls ?? DEFAULT_MAX_CALLS;
  const session = options.session ?? `tir-${++sessionCounter}-${Date.now().toString(36)}`;
  let text = '';
  let calls = 0;
  const append = (piece: string) => {
    text += piece;
    options.onText?.(piece);
  };

  try {
    for (;;) {
      const lastRound = calls >= maxCalls;
      const round = new RoundStream(stop, (delta) => options.onText?.(delta));
      const generated = await generator.generate(prompt + text, {
        stop,
        signal,
        maxNewTokens: options.maxNewTokens,
        conversation: session,
        onText: (delta) => round.push(delta),
      });
      const piece = pyRstrip(cutAtStop(generated.text, stop));
      const consistent = round.finish(piece);
      text += piece;
      if (!consistent) onEvent?.({ type: 'resync', text });
      if (generated.finishReason === 'aborted' || signal?.aborted) {
        return { text, calls, finishReason: 'aborted' };
      }
      const code = piece.includes('boxed') ? undefined : trailingProgram(text);
      if (code === undefined) return { text, calls, finishReason: generated.finishReason };
      if (lastRound) return { text, calls, finishReason: 'max-calls' };

      calls++;
      onEvent?.({ type: 'run', call: calls, code });
      const started = Date.now();
      let result: RunResult;
      try {
        result = await runner.run(code, { session, signal, timeoutMs: options.timeoutMs });
      } catch (error) {
        if (signal?.aborted) return { text, calls, finishReason: 'aborted' };
        throw error;
      }
      onEvent?.({ type: 'result', call: calls, result, ms: Date.now() - started });
      append(outputBlock(result));
      if (calls >= maxCalls) {
        append(`\n${MAX_CALLS_MESSAGE}`);
        onEvent?.({ type: 'limit', calls });
        if (!options.continueAfterLimit) return { text, calls, finishReason: 'max-calls' };
      }
    }
  } finally {
    if (options.session === undefined) await endQuietly(runner, session);
  }
}

async function endQuietly(runner: CodeRunner, session: string): Promise<void> {
  try {
    await runner.endSession?.(session);
  } catch {
    // Freeing a namespace is housekeeping; a dead engine has nothing to free.
  }
}
