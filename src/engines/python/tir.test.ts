/**
 * The TIR loop with a scripted model (its text streamed in small pieces, as a
 * tokenizer would) and the real Python runner: Pyodide in a Node worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CALLS_MESSAGE } from '../../core/tir/format';
import { runTir, type TirEvent } from '../../core/tir/loop';
import { findStop } from '../../core/tir/stream';
import type { GenerateOptions, GenerateResult, TextGenerator } from '../../core/tir/types';
import { createNodePythonRunner } from './node';
import type { PythonProxy } from './proxy';

/** Plays back one turn per round, stopping at a stop string as vLLM does (unless told not to). */
class ScriptedModel implements TextGenerator {
  readonly prompts: string[] = [];
  readonly conversations: (string | undefined)[] = [];
  constructor(
    private readonly turns: string[],
    private readonly options: { pieceLength?: number; honourStop?: boolean } = {},
  ) {}

  async generate(prompt: string, opts: GenerateOptions): Promise<GenerateResult> {
    this.prompts.push(prompt);
    this.conversations.push(opts.conversation);
    const turn = this.turns.shift() ?? '';
    const size = this.options.pieceLength ?? 3;
    let text = '';
    for (let i = 0; i < turn.length; i += size) {
      await Promise.resolve();
      if (opts.signal?.aborted) return { text, finishReason: 'aborted' };
      const piece = turn.slice(i, i + size);
      text += piece;
      opts.onText?.(piece);
      const at = findStop(text, opts.stop);
      if (at >= 0 && this.options.honourStop !== false) {
        return { text: text.slice(0, at), finishReason: 'stop' };
      }
    }
    return { text, finishReason: 'eos' };
  }
}

const PROMPT =
  '<|im_start|>user\nWhat is the product of the roots of x^2-5x+6?<|im_end|>\n<|im_start|>assistant\n';
const program = (code: string) => `\`\`\`python\n${code}\n\`\`\``;
const output = (text: string) => `\n\`\`\`output\n${text}\n\`\`\`\n`;

let python: PythonProxy;
beforeAll(async () => {
  python = await createNodePythonRunner();
  await python.warm();
});
afterAll(() => python?.dispose());

function solve(model: TextGenerator, options: Partial<Parameters<typeof runTir>[1]> = {}) {
  let streamed = '';
  const events: TirEvent[] = [];
  const done = runTir(PROMPT, {
    generator: model,
    runner: python,
    onText: (delta) => {
      streamed += delta;
    },
    onEvent: (event) => events.push(event),
    ...options,
  });
  return done.then((result) => ({ result, streamed, events }));
}

describe('runTir', () => {
  it('runs each program the model closes and continues after its output', async () => {
    const first = `We solve it with sympy.\n\n${program(
      "from sympy import symbols, solve\nx = symbols('x')\nroots = solve(x**2 - 5*x + 6, x)\nprint(roots)",
    )}\n\`\`\`output\n[hallucinated]\n\`\`\``;
    const second = `The roots are 2 and 3.\n${program('roots[0] * roots[1]')}\n\`\`\`output\n`;
    const third = 'The product is $6$, so the answer is $\\boxed{6}$.';
    const model = new ScriptedModel([first, second, third]);
    const { result, streamed, events } = await solve(model);

    const round1 = `We solve it with sympy.\n\n${program(
      "from sympy import symbols, solve\nx = symbols('x')\nroots = solve(x**2 - 5*x + 6, x)\nprint(roots)",
    )}${output('[2, 3]')}`;
    const round2 = `The roots are 2 and 3.\n${program('roots[0] * roots[1]')}${output('6')}`;
    expect(result).toEqual({ text: round1 + round2 + third, calls: 2, finishReason: 'eos' });
    expect(streamed).toBe(result.text);
    expect(model.prompts).toEqual([PROMPT, PROMPT + round1, PROMPT + round1 + round2]);
    // One conversation id for the rounds of one solution, so the engine may keep its KV cache.
    expect(model.conversations[0]).toEqual(expect.any(String));
    expect(new Set(model.conversations).size).toBe(1);
    expect(
      events.filter((e) => e.type === 'result').map((e) => e.type === 'result' && e.result),
    ).toEqual([
      { output: '[2, 3]', ok: true },
      { output: '6', ok: true },
    ]);
  });

  it('stops after the last allowed call with the evaluation’s message', async () => {
    const looping = () => new ScriptedModel(Array(5).fill(`Again.\n${program('print(1)')}`));
    const model = looping();
    const { result, streamed } = await solve(model, { maxCalls: 2 });
    const round = `Again.\n${program('print(1)')}${output('1')}`;
    expect(result).toEqual({
      text: `${round}${round}\n${MAX_CALLS_MESSAGE}`,
      calls: 2,
      finishReason: 'max-calls',
    });
    expect(streamed).toBe(result.text);
    expect(model.prompts).toHaveLength(2);

    // Optionally the model gets one more round to conclude; its code is not run.
    const concluding = new ScriptedModel([
      `${program('print(1)')}`,
      'So the answer is $\\boxed{1}$.',
    ]);
    const more = await solve(concluding, { maxCalls: 1, continueAfterLimit: true });
    expect(more.result).toMatchObject({ calls: 1, finishReason: 'eos' });
    expect(more.result.text.endsWith(`${MAX_CALLS_MESSAGE}So the answer is $\\boxed{1}$.`)).toBe(
      true,
    );
  });

  it('does not run a program in a round that already gives the answer', async () => {
    const text = `So the answer is $\\boxed{2}$.\n${program('print(2)')}`;
    const { result } = await solve(new ScriptedModel([text]));
    expect(result).toEqual({ text, calls: 0, finishReason: 'eos' });
  });

  it('shows errors, timeouts and silent programs as the evaluation does', async () => {
    const model = new ScriptedModel([
      program('print(undefined_name)'),
      program('while True:\n    pass'),
      program('y = 2'),
      'Done: $\\boxed{2}$',
    ]);
    const { result } = await solve(model, { timeoutMs: 1500 });
    expect(result.calls).toBe(3);
    expect(result.text).toContain(output("NameError: name 'undefined_name' is not defined"));
    expect(result.text).toContain(output('Timeout Error'));
    expect(result.text).toContain(`${program('y = 2')}${output('Done')}`);
  });

  it('cuts at the stop string itself when the generator does not', async () => {
    const model = new ScriptedModel(
      [`${program('print(6*7)')}\n\`\`\`output\n41\n\`\`\`\nok`, 'End.'],
      {
        honourStop: false,
      },
    );
    const { result, streamed } = await solve(model);
    expect(result.text).toBe(`${program('print(6*7)')}${output('42')}End.`);
    expect(streamed).toBe(result.text);
  });

  it('ends with "aborted" when stopped during generation', async () => {
    const controller = new AbortController();
    const model = new ScriptedModel([`${'Thinking. '.repeat(50)}`], { pieceLength: 1 });
    let shown = '';
    const result = await runTir(PROMPT, {
      generator: model,
      runner: python,
      signal: controller.signal,
      onText: (delta) => {
        shown += delta;
        // The student presses Stop a few tokens in.
        if (shown.length >= 20) controller.abort();
      },
    });
    expect(result.finishReason).toBe('aborted');
    expect(result.calls).toBe(0);
    expect(result.text.startsWith('Thinking. Thinking.')).toBe(true);
    expect(result.text.length).toBeLessThan(40);
  });
});
