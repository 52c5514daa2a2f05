import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import type { ModelEntry } from '../../core/registry';
import type { GenerateResult, LlmEngineApi, LoadRequest } from '../../engines/llm/protocol';
import { ModelSession } from './modelSession';

const entry: ModelEntry = {
  id: 'tiny',
  name: 'Tiny',
  baseUrl: 'http://localhost/models/tiny/',
  dtype: { webgpu: 'q4', wasm: 'fp32' },
  promptStyle: 'qwen-boxed',
  tir: false,
  languages: ['en'],
  contextLength: 256,
};

const done: GenerateResult = {
  text: 'x',
  finishReason: 'eos',
  promptTokens: 3,
  tokens: 1,
  tokensPerSecond: 0,
  ms: 1,
};

/** An engine double: the session's fallback policy is under test, not the model. */
function fakeEngine(behaviour: {
  loadFails?: string[];
  generateFailsOn?: string[];
  webgpu?: boolean;
}) {
  const loads: LoadRequest[] = [];
  let device = '';
  const engine: LlmEngineApi = {
    probe: async () => ({ webgpu: behaviour.webgpu ?? true, shaderF16: false }),
    load: async (request) => {
      loads.push(request);
      if (behaviour.loadFails?.includes(request.device))
        throw new AppError('webgpu-failed', { details: 'no kernel' });
      device = request.device;
      return { modelId: request.modelId, device: request.device, dtype: request.dtype, ms: 1 };
    },
    generate: async (_request, options) => {
      if (behaviour.generateFailsOn?.includes(device))
        throw new AppError('webgpu-failed', { details: 'Cast requires f16' });
      options?.onChunk?.({ text: 'x', tokens: 1, tokensPerSecond: 1 });
      return done;
    },
    dispose: async () => {},
  };
  return { engine, loads };
}

describe('ModelSession', () => {
  it('loads on WebGPU with the webgpu dtype and reuses the loaded model', async () => {
    const { engine, loads } = fakeEngine({});
    const session = new ModelSession(engine);
    expect(await session.ensureLoaded(entry)).toMatchObject({ backend: 'webgpu', dtype: 'q4' });
    await session.ensureLoaded(entry);
    expect(loads).toHaveLength(1);
    expect(loads[0]).toMatchObject({
      folder: 'http://localhost/models/tiny/',
      device: 'webgpu',
      contextLength: 256,
    });
  });

  it('falls back to WASM when WebGPU cannot load the model, and says why', async () => {
    const { engine, loads } = fakeEngine({ loadFails: ['webgpu'] });
    const loaded = await new ModelSession(engine).ensureLoaded(entry);
    expect(loaded).toMatchObject({ backend: 'wasm', dtype: 'fp32', fallbackReason: 'no kernel' });
    expect(loads.map((l) => l.device)).toEqual(['webgpu', 'wasm']);
  });

  it('retries a first-token WebGPU failure on WASM', async () => {
    const { engine, loads } = fakeEngine({ generateFailsOn: ['webgpu'] });
    const session = new ModelSession(engine);
    await session.ensureLoaded(entry);
    await expect(session.generate({ prompt: 'p', maxNewTokens: 4 })).resolves.toEqual(done);
    expect(session.current?.backend).toBe('wasm');
    expect(loads.map((l) => l.device)).toEqual(['webgpu', 'wasm']);
  });

  it('does not fall back when the backend is forced', async () => {
    const { engine } = fakeEngine({ loadFails: ['webgpu'] });
    await expect(
      new ModelSession(engine).ensureLoaded(entry, { forcedBackend: 'webgpu' }),
    ).rejects.toThrow('no kernel');
  });

  it('refuses a forced WebGPU where there is none', async () => {
    const { engine } = fakeEngine({ webgpu: false });
    await expect(
      new ModelSession(engine).ensureLoaded(entry, { forcedBackend: 'webgpu' }),
    ).rejects.toMatchObject({
      code: 'webgpu-unavailable',
    });
  });

  it('reloads when a different model is picked', async () => {
    const { engine, loads } = fakeEngine({ webgpu: false });
    const session = new ModelSession(engine);
    await session.ensureLoaded(entry);
    await session.ensureLoaded({
      ...entry,
      id: 'other',
      baseUrl: 'http://localhost/models/other/',
    });
    expect(loads.map((l) => l.modelId)).toEqual(['tiny', 'other']);
  });
});
