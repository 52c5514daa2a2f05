/**
 * Tool-integrated reasoning rounds with and without the kept KV cache, in the
 * same run, in Node (LlmEngine on onnxruntime-node: the app's engine code;
 * the cache handling is the same on WASM and WebGPU).
 *
 * - tiny-qwen2-tir: the real TIR loop (runTir), the real engine and the real
 *   Python runner; the model writes its program, the loop runs it and the
 *   model continues. Time per round = that round's generate() call.
 * - The 1.5B-shaped model (random weights, from bench/llm-real.ts): random
 *   weights cannot write a program, so the model's text of each round is
 *   given, from a hand-written Qwen2.5-Math-style trajectory, and each round
 *   is one generate() of the conversation so far (+ that round's text),
 *   decoding 16 tokens. With the cache a round prefills its own text and the
 *   last output block; without it, the whole conversation. In the app the
 *   round's text is decoded rather than prefilled, which costs the same with
 *   and without the cache: the difference between the two columns is what the
 *   cache saves per round.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from '../scripts/bench';
import { buildTestModels } from '../scripts/export/test-models';
import { buildPrompt } from '../src/core/prompts';
import { outputBlock, runTir, type TextGenerator } from '../src/core/tir';
import { LlmEngine } from '../src/engines/llm/engine';
import type { GenerateResult } from '../src/engines/llm/protocol';
import { createNodePythonRunner } from '../src/engines/python/node';
import { MODEL_DIR } from './llm-real';

type Row = Omit<BenchRow, 'bench'>;

const ROUNDS_TINY = 7;
const ROUNDS_REAL = 2;
const DECODE = 16;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Per-round times (ms) and prefilled tokens of each solve, with and without reuse. */
interface Rounds {
  ms: number[][];
  prefilled: number[][];
}

function record(into: Rounds, results: GenerateResult[]): void {
  into.ms.push(results.map((r) => r.ms));
  into.prefilled.push(results.map((r) => r.promptTokens - (r.cachedTokens ?? 0)));
}

function rows(label: string, kept: Rounds, plain: Rounds): Row[] {
  const count = kept.ms[0]?.length ?? 0;
  const out: Row[] = [];
  for (let round = 0; round < count; round++) {
    const withMs = median(kept.ms.map((r) => r[round] ?? 0));
    const withoutMs = median(plain.ms.map((r) => r[round] ?? 0));
    const note = `prefilled ${kept.prefilled[0]?.[round]} tokens with the cache, ${plain.prefilled[0]?.[round]} without; medians of ${kept.ms.length}`;
    out.push(
      { name: `${label}: round ${round + 1}, with KV reuse`, value: withMs, unit: 'ms', note },
      {
        name: `${label}: round ${round + 1}, without`,
        value: withoutMs,
        unit: 'ms',
        note: `with ÷ without ${(withMs / withoutMs).toFixed(2)}`,
      },
    );
  }
  return out;
}

async function tiny(dir: string): Promise<Row[]> {
  const engine = new LlmEngine();
  const python = await createNodePythonRunner({ packages: false });
  try {
    await engine.load({
      modelId: 'tiny-qwen2-tir',
      folder: path.join(dir, 'models', 'tiny-qwen2-tir'),
      dtype: 'fp32',
      device: 'cpu',
      contextLength: 4096,
    });
    const prompt = buildPrompt('qwen25-math-cot', 'What is 3+4?', 'tir');
    const solve = async (keep: boolean) => {
      const results: GenerateResult[] = [];
      const generator: TextGenerator = {
        async generate(text, options) {
          const result = await engine.generate({
            prompt: text,
            maxNewTokens: 64,
            stop: options.stop,
            ...(keep && options.conversation ? { conversation: options.conversation } : {}),
          });
          results.push(result);
          return result;
        },
      };
      await runTir(prompt, { generator, runner: python });
      return results;
    };
    const kept: Rounds = { ms: [], prefilled: [] };
    const plain: Rounds = { ms: [], prefilled: [] };
    await solve(true);
    for (let round = 0; round < ROUNDS_TINY; round++) {
      const order: [Rounds, boolean][] = [
        [kept, true],
        [plain, false],
      ];
      if (round % 2) order.reverse();
      for (const [into, keep] of order) record(into, await solve(keep));
    }
    return rows('tiny-qwen2-tir fp32, Node, real TIR loop', kept, plain);
  } finally {
    await engine.dispose();
    await python.dispose();
  }
}

/** A Qwen2.5-Math-style tool-integrated solution, round by round: the model's text and the program's output. */
const TRAJECTORY: { text: string; output: string }[] = [
  {
    text: "To find the number of positive divisors of $2^4 \\cdot 3^2 \\cdot 5$ that are perfect squares, we list the divisors and check each one. A divisor has the form $2^a 3^b 5^c$ with $0 \\le a \\le 4$, $0 \\le b \\le 2$ and $0 \\le c \\le 1$; it is a perfect square exactly when $a$, $b$ and $c$ are all even.\n\nLet's write Python code to count them.\n```python\nfrom sympy import divisors, sqrt\n\nn = 2**4 * 3**2 * 5\nsquares = [d for d in divisors(n) if sqrt(d).is_integer]\nprint(len(squares), squares)\n```",
    output: '6 [1, 4, 9, 16, 36, 144]',
  },
  {
    text: 'The code finds 6 square divisors: 1, 4, 9, 16, 36 and 144. We can confirm the count by counting the even exponents: $a \\in \\{0, 2, 4\\}$ gives 3 choices, $b \\in \\{0, 2\\}$ gives 2 and $c = 0$ gives 1, so there are $3 \\cdot 2 \\cdot 1 = 6$ of them. Let us also check the sum of these divisors, which the next part of the problem asks for.\n```python\nprint(sum(squares))\n```',
    output: '210',
  },
  {
    text: 'The sum of the square divisors is 210. Both parts agree with the formula, since the sum factors as $(1 + 4 + 16)(1 + 9) = 21 \\cdot 10 = 210$.\n\nTherefore there are $\\boxed{6}$ perfect-square divisors, and their sum is 210.',
    output: '',
  },
];

async function real(): Promise<Row[]> {
  if (!existsSync(path.join(MODEL_DIR, 'onnx', 'model_q4.onnx'))) {
    console.error(
      `tir: no 1.5B-shaped model in ${MODEL_DIR} (npm run bench -- llm builds it); its rows skipped`,
    );
    return [];
  }
  const engine = new LlmEngine();
  try {
    await engine.load({
      modelId: 'qwen2-1.5b-shape',
      folder: MODEL_DIR,
      dtype: 'q4',
      device: 'cpu',
      contextLength: 4096,
    });
    const start = buildPrompt(
      'qwen25-math-cot',
      'How many positive divisors of $2^4 \\cdot 3^2 \\cdot 5$ are perfect squares, and what is their sum?',
      'tir',
    );
    const solve = async (conversation: string | undefined) => {
      const results: GenerateResult[] = [];
      let history = '';
      for (const round of TRAJECTORY) {
        results.push(
          await engine.generate({
            prompt: start + history + round.text,
            maxNewTokens: DECODE,
            stop: ['```output'],
            ...(conversation ? { conversation } : {}),
          }),
        );
        history +=
          round.text + (round.output ? outputBlock({ output: round.output, ok: true }) : '');
      }
      return results;
    };
    const kept: Rounds = { ms: [], prefilled: [] };
    const plain: Rounds = { ms: [], prefilled: [] };
    for (let round = 0; round < ROUNDS_REAL; round++) {
      const order: [Rounds, string | undefined][] = [
        [kept, `bench-${round}`],
        [plain, undefined],
      ];
      if (round % 2) order.reverse();
      for (const [into, conversation] of order) record(into, await solve(conversation));
    }
    return rows('1.5B-shape q4, Node (onnxruntime-node, CPU)', kept, plain);
  } finally {
    await engine.dispose();
  }
}

export default async function bench(): Promise<Row[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tir-bench-'));
  try {
    buildTestModels(dir);
    return [...(await tiny(dir)), ...(await real())];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
