/**
 * The prompts Qwen's own evaluation uses, byte for byte. Accuracy claims and
 * the answers students see rest on asking the model exactly what its authors
 * measured, so nothing here is paraphrased or trimmed.
 *
 * - qwen-boxed: Qwen2-Math-Instruct (Qwen2.5-Math evaluation/utils.py, PROMPT_TEMPLATES).
 * - qwen25-math-cot: Qwen2.5-Math-Instruct chain of thought.
 * - tir: Qwen2.5-Math-Instruct tool-integrated reasoning (Qwen2.5-Math README).
 */
export type PromptStyle = 'qwen-boxed' | 'qwen25-math-cot';
export type ReasoningMode = 'cot' | 'tir';

export const PROMPT_STYLES: readonly PromptStyle[] = ['qwen-boxed', 'qwen25-math-cot'];

const COT_INSTRUCTION = 'Please reason step by step, and put your final answer within \\boxed{}.';
const TIR_INSTRUCTION =
  'Please integrate natural language reasoning with programs to solve the problem above, ' +
  'and put your final answer within \\boxed{}.';

/** <|im_end|> and <|endoftext|>: generation stops at either. */
export const STOP_TOKEN_IDS: readonly number[] = [151645, 151643];

function chat(system: string, user: string): string {
  return (
    `<|im_start|>system\n${system}<|im_end|>\n` +
    `<|im_start|>user\n${user}<|im_end|>\n` +
    '<|im_start|>assistant\n'
  );
}

export function buildPrompt(
  style: PromptStyle,
  question: string,
  mode: ReasoningMode = 'cot',
): string {
  if (mode === 'tir') {
    if (style !== 'qwen25-math-cot') {
      throw new Error(`Prompt style ${style} has no tool-integrated reasoning template.`);
    }
    return chat(TIR_INSTRUCTION, question);
  }
  switch (style) {
    case 'qwen-boxed':
      return chat('You are a helpful assistant.', `${question}\n${COT_INSTRUCTION}`);
    case 'qwen25-math-cot':
      return chat(COT_INSTRUCTION, question);
  }
}

export function isPromptStyle(value: unknown): value is PromptStyle {
  return typeof value === 'string' && (PROMPT_STYLES as readonly string[]).includes(value);
}
