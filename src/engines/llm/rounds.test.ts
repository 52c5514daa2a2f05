/**
 * The KV cache kept across tool-integrated rounds, and batched samples: the
 * real engine on the tiny test models in Node, driven by the real TIR loop
 * and the real Python runner. What the model is fed is read at its forward
 * pass, so the test counts the tokens actually prefilled, not what the engine
 * says it did.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrompt } from '../../core/prompts';
import { runTir, type TextGenerator } from '../../core/tir';
import { createNodePythonRunner } from '../python/node';
import type { PythonProxy } from '../python/proxy';
import { LlmEngine } from './engine';
import type { GenerateResult } from './protocol';

let dir = '';
let python: PythonProxy;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'llm-rounds-test-'));
  // The CLI, not the exporter's module: code under src/ never imports scripts/.
  execFileSync('npx', ['tsx', 'scripts/test-model.ts', dir], {
    cwd: path.resolve(import.meta.dirname, '..', '..', '..'),
    stdio: 'ignore',
  });
  python = await createNodePythonRunner({ packages: false });
});
afterAll(async () => {
  await python?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Forward = (inputs: { input_ids: { dims: number[]; data: BigInt64Array } }) => Promise<unknown>;

/** An engine whose model records the ids of every forward pass (rows of the first batch row). */
async function recordingEngine(modelId: string) {
  const engine = new LlmEngine();
  await engine.load({
    modelId,
    folder: path.join(dir, 'models', modelId),
    dtype: 'fp32',
    device: 'cpu',
    contextLength: 4096,
  });
  const model = (engine as unknown as { loaded: { model: { forward: Forward } } }).loaded.model;
  const passes: { rows: number; ids: bigint[] }[] = [];
  const forward = model.forward.bind(model);
  model.forward = (inputs) => {
    const [rows = 1, length = 0] = inputs.input_ids.dims;
    passes.push({ rows, ids: Array.from(inputs.input_ids.data.slice(0, length)) });
    return forward(inputs);
  };
  const tokenize = (text: string) =>
    Array.from(
      (
        (
          engine as unknown as { loaded: { tokenizer: (t: string, o: object) => unknown } }
        ).loaded.tokenizer(text, { add_special_tokens: false }) as {
          input_ids: { data: BigInt64Array };
        }
      ).input_ids.data,
    );
  return { engine, passes, tokenize };
}

/** The TIR loop over the engine, with or without a conversation id; every round's result. */
async function solve(engine: LlmEngine, prompt: string, keepCache: boolean) {
  const rounds: { prompt: string; result: GenerateResult }[] = [];
  const generator: TextGenerator = {
    async generate(text, options) {
      const result = await engine.generate({
        prompt: text,
        maxNewTokens: options.maxNewTokens ?? 64,
        stop: options.stop,
        ...(keepCache && options.conversation ? { conversation: options.conversation } : {}),
      });
      rounds.push({ prompt: text, result });
      return result;
    },
  };
  const solved = await runTir(prompt, { generator, runner: python, maxNewTokens: 64 });
  return { solved, rounds };
}

function commonPrefix(a: readonly bigint[], b: readonly bigint[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

describe('tool-integrated rounds keep the KV cache', () => {
  it('prefill only the tokens after what the last round fed, with the same solution', async () => {
    const { engine, passes, tokenize } = await recordingEngine('tiny-qwen2-tir');
    try {
      const expected = JSON.parse(
        readFileSync(path.join(dir, 'models', 'tiny-qwen2-tir', 'expected.json'), 'utf8'),
      ) as { text: string };
      const prompt = buildPrompt('qwen25-math-cot', 'What is 3+4?', 'tir');

      const plain = await solve(engine, prompt, false);
      passes.length = 0;
      const { solved, rounds } = await solve(engine, prompt, true);
      expect(solved.text).toBe(plain.solved.text);
      expect(solved.text).toBe(expected.text);
      expect(rounds).toHaveLength(2);

      // Split the forward passes by round: each round starts with its prefill.
      const prefills = passes.flatMap((pass, i) => (pass.ids.length > 1 || i === 0 ? [i] : []));
      expect(prefills).toHaveLength(2);
      const [, second = 0] = prefills;
      const fedInRound1 = passes.slice(0, second).flatMap((pass) => pass.ids);
      const round2 = tokenize(rounds[1]?.prompt ?? '');

      // Round 1 prefills the whole prompt.
      expect(passes[0]?.ids).toEqual(tokenize(prompt));
      expect(rounds[0]?.result.cachedTokens).toBe(0);
      // Round 2 feeds exactly the tokens after the longest prefix it shares with
      // what round 1 fed: the program's output block and what follows, plus the
      // boundary tokens that tokenise differently.
      const shared = commonPrefix(fedInRound1, round2);
      expect(passes[second]?.ids).toEqual(round2.slice(shared));
      expect(rounds[1]?.result.cachedTokens).toBe(shared);
      expect(shared).toBeGreaterThan(tokenize(prompt).length);
      expect(round2.length - shared).toBeLessThan(12);
      // Without the conversation id, round 2 prefilled everything again.
      expect(plain.rounds[1]?.result.cachedTokens).toBe(0);
    } finally {
      await engine.dispose();
    }
  });

  it('prefills everything for another conversation, and from the first differing token', async () => {
    const { engine, passes, tokenize } = await recordingEngine('tiny-qwen2');
    try {
      const prompt = buildPrompt('qwen-boxed', 'What is 3+4?');
      await engine.generate({ prompt, maxNewTokens: 8, conversation: 'a' });
      passes.length = 0;
      const other = await engine.generate({ prompt, maxNewTokens: 8, conversation: 'b' });
      expect(other.cachedTokens).toBe(0);
      expect(passes[0]?.ids).toEqual(tokenize(prompt));

      // The same conversation with an edited middle: reuse stops where the tokens differ.
      const edited = prompt.replace('3+4', '5+6');
      passes.length = 0;
      const again = await engine.generate({ prompt: edited, maxNewTokens: 8, conversation: 'b' });
      const shared = commonPrefix(tokenize(prompt), tokenize(edited));
      expect(again.cachedTokens).toBe(shared);
      expect(passes[0]?.ids).toEqual(tokenize(edited).slice(shared));
    } finally {
      await engine.dispose();
    }
  });
});

describe('samples as one batch', () => {
  it('gives each sample the text of a single generation with its seed, prefilling once', async () => {
    const { engine, passes, tokenize } = await recordingEngine('tiny-qwen2');
    try {
      const prompt = buildPrompt('qwen-boxed', 'What is 3+4?');
      const sampling = { temperature: 1, topP: 0.95, seed: 11 };
      const batch = await engine.generate({ prompt, maxNewTokens: 10, sampling, samples: 4 });
      // One prefill of the prompt but its last token, then steps of 4 rows.
      expect(passes[0]).toMatchObject({ rows: 1, ids: tokenize(prompt).slice(0, -1) });
      expect(passes.slice(1).every((pass) => pass.rows === 4 && pass.ids.length === 1)).toBe(true);
      expect(passes).toHaveLength(1 + 10);

      expect(batch.samples).toHaveLength(4);
      for (const [i, sample] of (batch.samples ?? []).entries()) {
        const single = await engine.generate({
          prompt,
          maxNewTokens: 10,
          sampling: { ...sampling, seed: sampling.seed + i },
        });
        expect(sample).toEqual({ text: single.text, finishReason: 'length', tokens: 10 });
      }
      expect(new Set(batch.samples?.map((s) => s.text)).size).toBeGreaterThan(1);
    } finally {
      await engine.dispose();
    }
  });

  it('ends each sample at its own end token or stop string', async () => {
    const { engine } = await recordingEngine('tiny-qwen2-scripted');
    try {
      const expected = JSON.parse(
        readFileSync(path.join(dir, 'models', 'tiny-qwen2-scripted', 'expected.json'), 'utf8'),
      ) as { text: string };
      const prompt = buildPrompt('qwen-boxed', 'What is 3+4?');
      // The scripted model's successor logit is only sqrt(32) above the rest:
      // a low temperature makes the script the only likely draw.
      const sampling = { temperature: 0.05, topP: 0.8, seed: 1 };
      const greedy = await engine.generate({ prompt, maxNewTokens: 64 });
      expect(greedy).toMatchObject({ text: expected.text, finishReason: 'eos' });
      const whole = await engine.generate({ prompt, maxNewTokens: 64, sampling, samples: 3 });
      expect(whole.samples).toEqual(
        Array(3).fill({ text: expected.text, finishReason: 'eos', tokens: greedy.tokens }),
      );
      const cut = await engine.generate({
        prompt,
        maxNewTokens: 64,
        sampling,
        samples: 2,
        stop: ['$$'],
      });
      const text = expected.text.slice(0, expected.text.indexOf('$$'));
      expect(cut.samples?.map((s) => [s.text, s.finishReason])).toEqual([
        [text, 'stop'],
        [text, 'stop'],
      ]);
    } finally {
      await engine.dispose();
    }
  });

  it('refuses samples without sampling settings or out of range', async () => {
    const { engine } = await recordingEngine('tiny-qwen2');
    try {
      const prompt = 'x';
      await expect(engine.generate({ prompt, maxNewTokens: 2, samples: 2 })).rejects.toMatchObject({
        code: 'internal',
      });
      const sampling = { temperature: 1, topP: 1 };
      for (const samples of [0, 1.5, 17]) {
        await expect(
          engine.generate({ prompt, maxNewTokens: 2, sampling, samples }),
        ).rejects.toMatchObject({ code: 'internal' });
      }
    } finally {
      await engine.dispose();
    }
  });
});
