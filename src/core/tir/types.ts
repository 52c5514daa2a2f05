/**
 * The two engines the tool-integrated reasoning (TIR) loop drives. The loop is
 * pure TypeScript: in the app these are the LLM and Python worker clients, in
 * Node (eval, tests) the Node runner and a scripted or real generator.
 */

export type FinishReason = 'stop' | 'length' | 'eos' | 'aborted';

export interface GenerateOptions {
  /**
   * Stop strings. Generation ends once the generated text contains one of them;
   * the returned text ends before the first match (vLLM / SGLang semantics, which
   * the official evaluation relies on). The loop also cuts defensively.
   */
  stop: string[];
  signal?: AbortSignal;
  /**
   * Pieces of generated text as they come. Their concatenation is a prefix of
   * (or equal to) the returned text before its stop-string cut.
   */
  onText?: (delta: string) => void;
  maxNewTokens?: number;
  /**
   * The same id for every round of one solution, whose prompts each extend
   * the last: a generator may keep the KV cache between rounds and prefill
   * only what is new (see kv-reuse.ts).
   */
  conversation?: string;
}

export interface GenerateResult {
  text: string;
  /** 'stop' when a stop string ended generation, 'eos' on an end-of-sequence token. */
  finishReason: FinishReason;
}

/** Continues `prompt` (the full chat-formatted prompt plus the solution so far). */
export interface TextGenerator {
  generate(prompt: string, opts: GenerateOptions): Promise<GenerateResult>;
}

export interface RunOptions {
  /** State (variables, imports) carries over between runs of the same session. */
  session: string;
  signal?: AbortSignal;
  /** Per-run time limit; the runner's default (10 s) when absent. */
  timeoutMs?: number;
}

export interface RunResult {
  /**
   * What the official executor reports, already stripped and truncated to its
   * first and last 200 characters: what was printed, or the value of a last
   * line that is an expression; on failure the error's last line, e.g.
   * `ZeroDivisionError: division by zero`, `Timeout Error` or `MemoryError`.
   */
  output: string;
  ok: boolean;
}

/**
 * Runs model-written Python. Rejects only when aborted (an AbortError) or when
 * the engine cannot run at all (an AppError); a failing program is a result.
 */
export interface CodeRunner {
  run(code: string, opts: RunOptions): Promise<RunResult>;
  /** Frees a session's namespace; later runs in it start afresh. */
  endSession?(session: string): void | Promise<void>;
}
