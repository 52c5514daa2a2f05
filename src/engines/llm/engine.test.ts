/**
 * The LLM engine against real models in Node (onnxruntime-node, device
 * 'cpu'): the project's tiny test models, built once into a temporary folder
 * by `npm run test-model`. A fresh folder rather than .test-models, which
 * `npm start` and the e2e server rewrite while they start.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { buildPrompt } from '../../core/prompts';
import type { Dtype } from '../../core/registry';
import { LlmEngine } from './engine';
import type { GenerateChunk, GenerateRequest, LoadRequest } from './protocol';
import { sampleNucleus } from './sampling';

let dir = '';
let expected = { text: '', answerLatex: '' };
const prompt = buildPrompt('qwen-boxed', 'What is 3+4?');

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'llm-engine-test-'));
  // The CLI, not the exporter's module: code under src/ never imports scripts/.
  execFileSync('npx', ['tsx', 'scripts/test-model.ts', dir], {
    cwd: path.resolve(import.meta.dirname, '..', '..', '..'),
    stdio: 'ignore',
  });
  expected = JSON.parse(
    readFileSync(path.join(dir, 'models', 'tiny-qwen2-scripted', 'expected.json'), 'utf8'),
  );
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function loadRequest(modelId: string, dtype: Dtype = 'fp32', contextLength = 4096): LoadRequest {
  return {
    modelId,
    folder: path.join(dir, 'models', modelId),
    dtype,
    device: 'cpu',
    contextLength,
  };
}

async function generate(
  engine: LlmEngine,
  request: GenerateRequest,
  options: { signal?: AbortSignal; onChunk?: (chunk: GenerateChunk) => void } = {},
) {
  const chunks: GenerateChunk[] = [];
  const result = await engine.generate(request, {
    ...options,
    onChunk: (chunk) => {
      chunks.push(chunk);
      options.onChunk?.(chunk);
    },
  });
  return { result, chunks, streamed: chunks.map((c) => c.text).join('') };
}

describe('LlmEngine before and without a model', () => {
  it('refuses to generate before a model is loaded', async () => {
    const engine = new LlmEngine();
    const attempt = engine.generate({ prompt, maxNewTokens: 4 });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'not-loaded' });
  });

  it('reports a missing model folder as model-missing, naming the model, the cause in details', async () => {
    const engine = new LlmEngine();
    const attempt = engine.load(loadRequest('no-such-model'));
    await expect(attempt).rejects.toMatchObject({
      name: 'AppError',
      code: 'model-missing',
      message: expect.stringContaining('no-such-model'),
      details: expect.stringContaining('no-such-model'),
    });
    await expect(engine.generate({ prompt, maxNewTokens: 4 })).rejects.toMatchObject({
      code: 'not-loaded',
    });
  });
});

describe.each(['fp32', 'q4'] as const)('tiny-qwen2-scripted in %s', (dtype) => {
  const engine = new LlmEngine();
  afterAll(() => engine.dispose());

  it('loads from the local folder', async () => {
    const loaded = await engine.load(loadRequest('tiny-qwen2-scripted', dtype));
    expect(loaded).toMatchObject({ modelId: 'tiny-qwen2-scripted', device: 'cpu', dtype });
    expect(loaded.ms).toBeGreaterThan(0);
  });

  it("decodes greedily to expected.json's text and ends on the stop token", async () => {
    const { result, chunks, streamed } = await generate(engine, { prompt, maxNewTokens: 64 });
    expect(result.text).toBe(expected.text);
    expect(result.finishReason).toBe('eos');
    expect(streamed).toBe(result.text);
    expect(chunks.length).toBeGreaterThan(1);
    // 28 pieces of script and <|im_end|>, which counts as a token but adds no text.
    expect(result.tokens).toBe(29);
    expect(result.promptTokens).toBeGreaterThan(10);
    expect(result.tokensPerSecond).toBeGreaterThan(0);
    expect(chunks.at(-1)?.tokens).toBeLessThanOrEqual(result.tokens);
  });

  it('cuts the text before the first stop string, streaming none of it', async () => {
    const { result, streamed } = await generate(engine, {
      prompt,
      maxNewTokens: 64,
      stop: ['\\boxed', '$$'],
    });
    expect(result.text).toBe(expected.text.slice(0, expected.text.indexOf('$$')));
    expect(result.finishReason).toBe('stop');
    expect(streamed).toBe(result.text);
  });

  it('finds a stop string that ends inside a token', async () => {
    // "four from" is two tokens (" four", " from"); "four f" ends inside the second.
    const { result, streamed } = await generate(engine, {
      prompt,
      maxNewTokens: 64,
      stop: ['four f'],
    });
    expect(result.text).toBe('We add $3+4$.\n\nCounting on ');
    expect(result.finishReason).toBe('stop');
    expect(streamed).toBe(result.text);
  });

  it('streams a held-back tail after all when it never becomes a stop string', async () => {
    const { result, streamed } = await generate(engine, {
      prompt,
      maxNewTokens: 64,
      stop: ['$$$'],
    });
    expect(result.text).toBe(expected.text);
    expect(result.finishReason).toBe('eos');
    expect(streamed).toBe(expected.text);
  });

  it('ends with finishReason length after maxNewTokens', async () => {
    const { result, streamed } = await generate(engine, { prompt, maxNewTokens: 3 });
    expect(result.finishReason).toBe('length');
    expect(result.tokens).toBe(3);
    expect(result.text).toBe('We add $');
    expect(streamed).toBe(result.text);
  });
});

describe('limits', () => {
  const engine = new LlmEngine();
  afterAll(() => engine.dispose());

  it('rejects a prompt longer than the context as prompt-too-long', async () => {
    await engine.load(loadRequest('tiny-qwen2-scripted', 'fp32', 16));
    const attempt = engine.generate({ prompt, maxNewTokens: 8 });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({
      code: 'prompt-too-long',
      message: expect.stringContaining('at most 15'),
    });
  });

  it('stops at the context length even when maxNewTokens allows more', async () => {
    await engine.load(loadRequest('tiny-qwen2-scripted', 'fp32', 4096));
    const { result } = await generate(engine, { prompt, maxNewTokens: 1 });
    await engine.load(loadRequest('tiny-qwen2-scripted', 'fp32', result.promptTokens + 2));
    const limited = await generate(engine, { prompt, maxNewTokens: 100 });
    expect(limited.result).toMatchObject({ finishReason: 'length', tokens: 2, text: 'We add' });
  });
});

describe('tiny-qwen2 (random, never stops by itself)', () => {
  const engine = new LlmEngine();
  beforeAll(() => engine.load(loadRequest('tiny-qwen2')));
  afterAll(() => engine.dispose());

  it('stops when aborted mid-generation and returns the text so far', async () => {
    const controller = new AbortController();
    const { result, streamed } = await generate(
      engine,
      { prompt, maxNewTokens: 2000 },
      {
        signal: controller.signal,
        onChunk: (chunk) => {
          if (chunk.tokens >= 5) controller.abort();
        },
      },
    );
    expect(result.finishReason).toBe('aborted');
    expect(result.tokens).toBeGreaterThanOrEqual(5);
    expect(result.tokens).toBeLessThan(100);
    expect(result.text.length).toBeGreaterThan(0);
    expect(streamed).toBe(result.text);
  });

  it('streams exactly the returned text over a long run of mixed scripts', async () => {
    const { result, chunks, streamed } = await generate(engine, { prompt, maxNewTokens: 300 });
    expect(result).toMatchObject({ finishReason: 'length', tokens: 300 });
    // Random tokens: CJK, other scripts and byte pieces of characters split across tokens.
    expect([...result.text].some((c) => (c.codePointAt(0) ?? 0) > 0x7f)).toBe(true);
    expect(streamed).toBe(result.text);
    expect(chunks.length).toBeGreaterThan(2);
  });

  it('stops after one token when the signal is already aborted', async () => {
    const { result } = await generate(
      engine,
      { prompt, maxNewTokens: 2000 },
      { signal: AbortSignal.abort() },
    );
    expect(result.finishReason).toBe('aborted');
    expect(result.tokens).toBe(1);
  });

  it('is busy while a generation runs', async () => {
    const controller = new AbortController();
    const first = engine.generate({ prompt, maxNewTokens: 2000 }, { signal: controller.signal });
    await expect(engine.generate({ prompt, maxNewTokens: 4 })).rejects.toMatchObject({
      code: 'busy',
    });
    controller.abort();
    expect((await first).finishReason).toBe('aborted');
  });

  it('samples repeatably with a seed, and differently with another', async () => {
    const sample = async (seed: number) =>
      (
        await engine.generate({
          prompt,
          maxNewTokens: 12,
          sampling: { temperature: 1, topP: 0.95, seed },
        })
      ).text;
    const greedy = (await engine.generate({ prompt, maxNewTokens: 12 })).text;
    const a = await sample(1);
    expect(await sample(1)).toBe(a);
    const others = [await sample(2), await sample(3)];
    expect(others.some((text) => text !== a)).toBe(true);
    expect([a, ...others].some((text) => text !== greedy)).toBe(true);
  });

  it('rejects sampling settings outside their range', async () => {
    for (const sampling of [
      { temperature: 0, topP: 0.8 },
      { temperature: 0.7, topP: 0 },
      { temperature: 0.7, topP: 1.5 },
    ]) {
      await expect(engine.generate({ prompt, maxNewTokens: 2, sampling })).rejects.toBeInstanceOf(
        AppError,
      );
    }
  });
});

describe('tool-integrated rounds', () => {
  it('does not stop on a stop string that is already in the prompt', async () => {
    const engine = new LlmEngine();
    try {
      await engine.load(loadRequest('tiny-qwen2-tir'));
      const tirPrompt = buildPrompt('qwen25-math-cot', 'What is 3+4?', 'tir');
      const stop = ['```output'];
      const one = await generate(engine, { prompt: tirPrompt, maxNewTokens: 64, stop });
      expect(one.result.text.endsWith('```')).toBe(true);
      const continued = `${tirPrompt}${one.result.text}\n\`\`\`output\n7\n\`\`\`\n`;
      const two = await generate(engine, { prompt: continued, maxNewTokens: 64, stop });
      expect(two.result).toMatchObject({
        text: 'So the answer is $\\boxed{7}$.',
        finishReason: 'eos',
      });
      expect(two.streamed).toBe(two.result.text);
    } finally {
      await engine.dispose();
    }
  });
});

describe('sampleNucleus', () => {
  // Probabilities at temperature 1: ≈ 0.665, 0.245, 0.090, 0.0005.
  const logits = [2, 1, 0, -5.5];

  it('draws only from the most likely tokens that reach topP', () => {
    const draw = (topP: number, u: number) => sampleNucleus(logits, { temperature: 1, topP }, u);
    expect([0, 0.5, 0.999].map((u) => draw(0.6, u))).toEqual([0, 0, 0]);
    expect([0, 0.7, 0.75, 0.999].map((u) => draw(0.8, u))).toEqual([0, 0, 1, 1]);
    expect([0.999].map((u) => draw(0.95, u))).toEqual([2]);
    expect(draw(1, 0.99999)).toBe(3);
  });

  it('applies the temperature before the nucleus', () => {
    // At temperature 0.5 the first token alone has ≈ 0.87 of the mass; at 2, ≈ 0.50.
    expect(sampleNucleus(logits, { temperature: 0.5, topP: 0.8 }, 0.999)).toBe(0);
    expect(sampleNucleus(logits, { temperature: 2, topP: 0.8 }, 0.999)).toBe(1);
  });

  it('finds a small nucleus in a vocabulary-sized row', () => {
    const row = new Float32Array(151_936).fill(-10);
    row[42] = 10;
    row[7] = 9;
    expect(sampleNucleus(row, { temperature: 0.7, topP: 0.8 }, 0.999)).toBe(42);
    expect(sampleNucleus(row, { temperature: 1, topP: 0.9 }, 0.999)).toBe(7);
  });
});
