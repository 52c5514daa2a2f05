/**
 * Runs one solve on a loaded model: a single generation for step-by-step
 * reasoning, or Qwen's tool-integrated loop (generate, run the program, append
 * its output, continue) "With Python". Either way the text arrives as deltas.
 */
import { buildPrompt, type ReasoningMode } from '../../core/prompts';
import type { ModelEntry } from '../../core/registry';
import { runTir, type TextGenerator } from '../../core/tir';
import type { ModelSession } from './modelSession';
import { pythonEngine } from './python';

export type SolveFinish = 'eos' | 'length' | 'stop' | 'aborted' | 'max-calls';

export interface SolveOutput {
  text: string;
  finishReason: SolveFinish;
  tokensPerSecond?: number;
}

export interface SolveHooks {
  signal: AbortSignal;
  maxNewTokens: number;
  onText: (delta: string) => void;
  /** The streamed text was wrong (a stop string cut it back): show this instead. */
  onReset: (text: string) => void;
  onSpeed: (tokensPerSecond: number) => void;
}

export async function generateSolution(
  session: ModelSession,
  entry: ModelEntry,
  problem: string,
  mode: ReasoningMode,
  hooks: SolveHooks,
): Promise<SolveOutput> {
  const prompt = buildPrompt(entry.promptStyle, problem, mode);
  let tokensPerSecond: number | undefined;
  const generator: TextGenerator = {
    async generate(text, options) {
      const result = await session.generate(
        {
          prompt: text,
          maxNewTokens: options.maxNewTokens ?? hooks.maxNewTokens,
          stop: options.stop,
          // TIR rounds: the worker keeps the KV cache and prefills only the new tokens.
          ...(options.conversation ? { conversation: options.conversation } : {}),
        },
        {
          signal: options.signal ?? hooks.signal,
          onChunk: (chunk) => {
            options.onText?.(chunk.text);
            hooks.onSpeed(chunk.tokensPerSecond);
          },
        },
      );
      tokensPerSecond = result.tokensPerSecond || tokensPerSecond;
      return { text: result.text, finishReason: result.finishReason };
    },
  };

  if (mode === 'cot') {
    const result = await generator.generate(prompt, {
      stop: [],
      signal: hooks.signal,
      onText: hooks.onText,
    });
    return { ...result, ...(tokensPerSecond ? { tokensPerSecond } : {}) };
  }
  const runner = await pythonEngine();
  const result = await runTir(prompt, {
    generator,
    runner,
    signal: hooks.signal,
    maxNewTokens: hooks.maxNewTokens,
    onText: hooks.onText,
    onEvent: (event) => {
      if (event.type === 'resync') hooks.onReset(event.text);
    },
  });
  return {
    text: result.text,
    finishReason: result.finishReason,
    ...(tokensPerSecond ? { tokensPerSecond } : {}),
  };
}
