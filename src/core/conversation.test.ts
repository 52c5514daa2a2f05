import { describe, expect, it } from 'vitest';
import { askLanguage, conversationPrompt, explainRequest } from './conversation';
import { buildPrompt } from './prompts';

describe('conversationPrompt', () => {
  it('continues the very prompt the solution came from, then asks', () => {
    const prompt = conversationPrompt({
      style: 'qwen25-math-cot',
      problem: 'What is 3+4?',
      solution: 'We add.\n\n$\\boxed{7}$\n',
      question: 'Why add?',
    });
    expect(prompt.startsWith(buildPrompt('qwen25-math-cot', 'What is 3+4?'))).toBe(true);
    expect(
      prompt.endsWith(
        'We add.\n\n$\\boxed{7}$<|im_end|>\n<|im_start|>user\nWhy add?<|im_end|>\n<|im_start|>assistant\n',
      ),
    ).toBe(true);
  });

  it('keeps earlier follow-ups in order', () => {
    const prompt = conversationPrompt({
      style: 'qwen-boxed',
      problem: 'P',
      solution: 'S',
      turns: [
        { question: 'Q1', answer: 'A1' },
        { question: 'Q2', answer: 'A2' },
      ],
      question: 'Q3',
    });
    expect(prompt.indexOf('Q1')).toBeLessThan(prompt.indexOf('A1'));
    expect(prompt.indexOf('A1')).toBeLessThan(prompt.indexOf('Q2'));
    expect(prompt.indexOf('A2')).toBeLessThan(prompt.indexOf('Q3'));
    expect(prompt.match(/<\|im_start\|>assistant\n/g)).toHaveLength(4);
  });
});

describe('explainRequest', () => {
  it('names the step and quotes it, in the asked language', () => {
    expect(explainRequest(2, 'So $x=2$.', 'en')).toMatch(/^Explain step 2 .*\n\nSo \$x=2\$\./s);
    expect(explainRequest(2, 'So $x=2$.', 'zh')).toMatch(/第 2 步/);
  });

  it('asks in Chinese only a model that reads Chinese', () => {
    expect(askLanguage('zh', ['en', 'zh'])).toBe('zh');
    expect(askLanguage('zh', ['en'])).toBe('en');
    expect(askLanguage('en', ['en', 'zh'])).toBe('en');
  });
});
