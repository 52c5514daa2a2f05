import { describe, expect, it } from 'vitest';
import { buildPrompt, isPromptStyle, STOP_TOKEN_IDS } from './prompts';

describe('buildPrompt', () => {
  it('qwen-boxed matches the official template byte for byte', () => {
    expect(buildPrompt('qwen-boxed', 'What is 1+1?')).toBe(
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' +
        '<|im_start|>user\nWhat is 1+1?\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n' +
        '<|im_start|>assistant\n',
    );
  });

  it('qwen25-math-cot puts the instruction in the system turn', () => {
    expect(buildPrompt('qwen25-math-cot', 'Solve $x^2=4$.')).toBe(
      '<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n' +
        '<|im_start|>user\nSolve $x^2=4$.<|im_end|>\n' +
        '<|im_start|>assistant\n',
    );
  });

  it('tir uses the tool-integrated system prompt', () => {
    expect(buildPrompt('qwen25-math-cot', 'Q', 'tir')).toBe(
      '<|im_start|>system\nPlease integrate natural language reasoning with programs to solve the problem above, ' +
        'and put your final answer within \\boxed{}.<|im_end|>\n' +
        '<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it('refuses tir for a style that has no template', () => {
    expect(() => buildPrompt('qwen-boxed', 'Q', 'tir')).toThrow(/no tool-integrated/);
  });

  it('keeps the question verbatim, including braces and newlines', () => {
    const q = 'Let $f(x)=\\frac{1}{x}$.\n\nFind {f(2)}.';
    expect(buildPrompt('qwen-boxed', q)).toContain(`user\n${q}\nPlease`);
  });

  it('stops on <|im_end|> and <|endoftext|>', () => {
    expect(STOP_TOKEN_IDS).toEqual([151645, 151643]);
  });

  it('recognises prompt styles', () => {
    expect(isPromptStyle('qwen-boxed')).toBe(true);
    expect(isPromptStyle('chatml')).toBe(false);
  });
});
