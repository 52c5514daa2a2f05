import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { createLlmHandler } from './handler';
import type { GenerateRequest, LlmEngineApi, LlmReply } from './protocol';

/**
 * The handler's job is the protocol: ids, progress and chunk replies before
 * exactly one result or error, interrupts reaching the right generation.
 * The engine here is a double; the real engine is tested against a real model
 * in engine.test.ts.
 */
function setup() {
  const replies: LlmReply[] = [];
  let release: () => void = () => {};
  const engine: LlmEngineApi = {
    probe: async () => ({ webgpu: false, shaderF16: false }),
    selfCheck: async () => ({ tokens: [1, 2], finite: true }),
    load: async (request, options) => {
      options?.onProgress?.({
        phase: 'download',
        loaded: 5,
        total: 10,
        files: { 'a.onnx': { loaded: 5, total: 10 } },
      });
      if (request.modelId === 'missing')
        throw new AppError('model-missing', { message: 'Could not load the model.' });
      return { modelId: request.modelId, device: request.device, dtype: request.dtype, ms: 1 };
    },
    generate: async (request: GenerateRequest, options) => {
      options?.onChunk?.({ text: 'Hello ', tokens: 1, tokensPerSecond: 0 });
      await new Promise<void>((resolve) => {
        release = resolve;
        options?.signal?.addEventListener('abort', () => resolve());
      });
      const aborted = options?.signal?.aborted ?? false;
      return {
        text: aborted ? 'Hello ' : `Hello ${request.prompt}`,
        finishReason: aborted ? 'aborted' : 'eos',
        promptTokens: 1,
        tokens: 2,
        tokensPerSecond: 10,
        ms: 5,
      };
    },
    dispose: async () => {},
  };
  const handle = createLlmHandler(engine, (reply) => replies.push(reply));
  return { replies, handle, finish: () => release() };
}

const load = {
  modelId: 'tiny',
  folder: 'http://x/m/',
  dtype: 'fp32',
  device: 'wasm',
  contextLength: 64,
} as const;

describe('LLM worker handler', () => {
  it('answers a probe with a result carrying the same id', async () => {
    const { replies, handle } = setup();
    await handle({ type: 'probe', id: 7, request: undefined });
    expect(replies).toEqual([
      { type: 'result', id: 7, call: 'probe', result: { webgpu: false, shaderF16: false } },
    ]);
  });

  it('sends progress before the load result', async () => {
    const { replies, handle } = setup();
    await handle({ type: 'load', id: 1, request: load });
    expect(replies.map((r) => r.type)).toEqual(['progress', 'result']);
    expect(replies[0]).toMatchObject({ id: 1, progress: { loaded: 5, total: 10 } });
  });

  it('turns a thrown AppError into an error reply with its code', async () => {
    const { replies, handle } = setup();
    await handle({ type: 'load', id: 2, request: { ...load, modelId: 'missing' } });
    expect(replies.at(-1)).toEqual({
      type: 'error',
      id: 2,
      error: { name: 'AppError', code: 'model-missing', message: 'Could not load the model.' },
    });
  });

  it('streams chunks as progress, then one result', async () => {
    const { replies, handle, finish } = setup();
    const done = handle({ type: 'generate', id: 3, request: { prompt: 'world', maxNewTokens: 8 } });
    await Promise.resolve();
    finish();
    await done;
    expect(replies.map((r) => r.type)).toEqual(['progress', 'result']);
    expect(replies[0]).toMatchObject({ call: 'generate', progress: { text: 'Hello ' } });
    expect(replies[1]).toMatchObject({
      id: 3,
      call: 'generate',
      result: { text: 'Hello world', finishReason: 'eos' },
    });
  });

  it('cancels the generation it names, which still ends with a result', async () => {
    const { replies, handle } = setup();
    const done = handle({ type: 'generate', id: 4, request: { prompt: 'world', maxNewTokens: 8 } });
    await handle({ type: 'cancel', id: 99 });
    await handle({ type: 'cancel', id: 4 });
    await done;
    expect(replies.at(-1)).toMatchObject({
      type: 'result',
      id: 4,
      result: { finishReason: 'aborted', text: 'Hello ' },
    });
  });

  it('cancels a running generation when the model is unloaded', async () => {
    const { replies, handle } = setup();
    const done = handle({ type: 'generate', id: 5, request: { prompt: 'world', maxNewTokens: 8 } });
    await handle({ type: 'dispose', id: 6, request: undefined });
    await done;
    const results = replies.filter((r) => r.type === 'result').map((r) => [r.id, r.call]);
    expect(results).toContainEqual([5, 'generate']);
    expect(results).toContainEqual([6, 'dispose']);
    expect(replies.find((r) => r.id === 5 && r.type === 'result')).toMatchObject({
      result: { finishReason: 'aborted' },
    });
  });
});

describe('LLM worker handler: the self-check', () => {
  it('answers a self-check request with the tokens and whether the logits were finite', async () => {
    const { replies, handle } = setup();
    await handle({ type: 'self-check', id: 9, request: { prompt: 'p', maxNewTokens: 2 } });
    expect(replies.at(-1)).toEqual({
      type: 'result',
      id: 9,
      call: 'self-check',
      result: { tokens: [1, 2], finite: true },
    });
  });
});
