/**
 * Turns after the solution: "Explain step N" and follow-up questions. Each
 * is a new user turn in the same ChatML conversation the solution came from
 * (the problem with the model's own instruction, the solution as the
 * assistant's turn), so the model answers about its own work. Explanations do
 * not pile up: each asks about one step of the solution. Follow-ups do: each
 * question sees the earlier ones and their replies. Whether it all fits in
 * the model's context is checked by the engine, which counts tokens
 * (`reserveTokens` of a generate request: too little room is 'context-full').
 */
import type { Language } from './language';
import { buildPrompt, type PromptStyle } from './prompts';

export interface Turn {
  question: string;
  answer: string;
}

/** Room kept for a reply: a follow-up that leaves less is refused as context-full. */
export const REPLY_RESERVE_TOKENS = 256;

export function explainRequest(step: number, stepText: string, language: Language): string {
  return language === 'zh'
    ? `请用更简单的方式，向学生解释你解答中的第 ${step} 步：\n\n${stepText}\n\n说明这一步为什么成立、是怎么得到的。不要重复整个解答。`
    : `Explain step ${step} of your solution more simply, for a student:\n\n${stepText}\n\nSay why this step is true and how it was found. Do not repeat the whole solution.`;
}

/**
 * The prompt for the next assistant turn: the original prompt (byte for byte
 * what the solution was generated from), the solution, earlier turns, and
 * the new question.
 */
export function conversationPrompt(options: {
  style: PromptStyle;
  problem: string;
  solution: string;
  turns?: readonly Turn[];
  question: string;
}): string {
  let prompt = `${buildPrompt(options.style, options.problem, 'cot')}${options.solution.trim()}<|im_end|>\n`;
  for (const turn of options.turns ?? []) {
    prompt += `${userTurn(turn.question)}${turn.answer.trim()}<|im_end|>\n`;
  }
  return prompt + userTurn(options.question);
}

function userTurn(text: string): string {
  return `<|im_start|>user\n${text.trim()}<|im_end|>\n<|im_start|>assistant\n`;
}

/** The language to ask the model in: the interface's, if the model reads it. */
export function askLanguage(
  interfaceLanguage: Language,
  modelLanguages: readonly string[],
): Language {
  return interfaceLanguage === 'zh' && modelLanguages.includes('zh') ? 'zh' : 'en';
}
