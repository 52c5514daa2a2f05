import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import type { ModelEntry } from '../../core/registry';
import type {
  BackendProbe,
  GenerateResult,
  LlmEngineApi,
  LoadRequest,
} from '../../engines/llm/protocol';
import { type LoadStage, ModelSession, type VerdictStore } from './modelSession';

const entry: ModelEntry = {
  id: 'tiny',
  name: 'Tiny',
  baseUrl: 'http://localhost/models/tiny/',
  dtype: { webgpuF16: 'q4f16', webgpu: 'q4', wasm: 'fp32' },
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

const hardware: BackendProbe = { webgpu: true, shaderF16: false, adapter: 'acme / gpu' };

/**
 * An engine double: the session's backend chain and its memory are under
 * test, not the model (the real engine's self-check runs in the e2e tests
 * on tiny-qwen2-degenerate).
 */
function fakeEngine(behaviour: {
  probe?: BackendProbe;
  loadFails?: string[];
  generateFails?: Partial<Record<string, AppError>>;
  /** "device/dtype" pairs whose self-check output is one token repeated. */
  degenerate?: string[];
}) {
  const loads: LoadRequest[] = [];
  const checks: string[] = [];
  let current = '';
  const engine: LlmEngineApi = {
    probe: async () => behaviour.probe ?? hardware,
    load: async (request) => {
      loads.push(request);
      if (behaviour.loadFails?.includes(request.device))
        throw new AppError('webgpu-failed', { details: 'no kernel' });
      current = `${request.device}/${request.dtype}`;
      return {
        modelId: request.modelId,
        device: request.device,
        dtype: request.dtype,
        ms: 1,
        sampling: { temperature: 0.7, topP: 0.8 },
      };
    },
    selfCheck: async () => {
      checks.push(current);
      return behaviour.degenerate?.includes(current)
        ? { tokens: Array(12).fill(0), finite: true }
        : { tokens: [1, 2, 3, 4], finite: true };
    },
    generate: async (_request, options) => {
      const failure = behaviour.generateFails?.[current.split('/')[0] ?? ''];
      if (failure) throw failure;
      options?.onChunk?.({ text: 'x', tokens: 1, tokensPerSecond: 1 });
      return done;
    },
    dispose: async () => {},
  };
  return { engine, loads, checks };
}

function memory(): VerdictStore & { map: Map<string, 'pass' | 'fail'> } {
  const map = new Map<string, 'pass' | 'fail'>();
  return { map, get: (k) => map.get(k), set: (k, v) => void map.set(k, v) };
}

const devices = (loads: LoadRequest[]) => loads.map((l) => `${l.device}/${l.dtype}`);

describe('ModelSession', () => {
  it('loads on a hardware GPU, checks the model once, and reuses it', async () => {
    const { engine, loads, checks } = fakeEngine({});
    const stages: LoadStage['stage'][] = [];
    const session = new ModelSession({ engine, verdicts: memory() });
    const loaded = await session.ensureLoaded(entry, { onStage: (s) => stages.push(s.stage) });
    expect(loaded).toMatchObject({ backend: 'webgpu', dtype: 'q4', reason: 'gpu' });
    expect(loaded.sampling).toEqual({ temperature: 0.7, topP: 0.8 });
    await session.ensureLoaded(entry);
    expect(devices(loads)).toEqual(['webgpu/q4']);
    expect(checks).toEqual(['webgpu/q4']);
    expect(stages).toEqual(['prepare', 'check']);
  });

  it('runs on WASM on a software adapter, saying so', async () => {
    const { engine, loads } = fakeEngine({
      probe: { webgpu: true, shaderF16: false, fallbackAdapter: true },
    });
    const loaded = await new ModelSession({ engine }).ensureLoaded(entry);
    expect(loaded).toMatchObject({ backend: 'wasm', reason: 'software-gpu' });
    expect(devices(loads)).toEqual(['wasm/fp32']);
  });

  it('goes q4f16 → q4 → WASM when the self-check fails, and remembers it', async () => {
    const verdicts = memory();
    const f16 = { webgpu: true, shaderF16: true, adapter: 'acme / gpu' };
    const first = fakeEngine({ probe: f16, degenerate: ['webgpu/q4f16', 'webgpu/q4'] });
    const loaded = await new ModelSession({ engine: first.engine, verdicts }).ensureLoaded(entry);
    expect(loaded).toMatchObject({ backend: 'wasm', reason: 'self-check' });
    expect(devices(first.loads)).toEqual(['webgpu/q4f16', 'webgpu/q4', 'wasm/fp32']);

    // Next visit: the verdicts stand, nothing is checked again.
    const second = fakeEngine({ probe: f16 });
    await new ModelSession({ engine: second.engine, verdicts }).ensureLoaded(entry);
    expect(devices(second.loads)).toEqual(['wasm/fp32']);
    expect(second.checks).toEqual([]);
  });

  it('says the model cannot run here when every candidate fails the check', async () => {
    const { engine } = fakeEngine({
      probe: { webgpu: false, shaderF16: false },
      degenerate: ['wasm/fp32'],
    });
    await expect(
      new ModelSession({ engine, verdicts: memory() }).ensureLoaded(entry),
    ).rejects.toMatchObject({
      code: 'self-check-failed',
      params: { model: 'Tiny' },
      details: expect.stringMatching(/repeated/),
    });
  });

  it('falls back to WASM when WebGPU cannot load the model, and says why', async () => {
    const { engine, loads } = fakeEngine({ loadFails: ['webgpu'] });
    const loaded = await new ModelSession({ engine }).ensureLoaded(entry);
    expect(loaded).toMatchObject({ backend: 'wasm', dtype: 'fp32', reason: 'webgpu-failed' });
    expect(devices(loads)).toEqual(['webgpu/q4', 'wasm/fp32']);
  });

  it('retries a first-token WebGPU failure on WASM', async () => {
    const { engine, loads } = fakeEngine({
      generateFails: { webgpu: new AppError('webgpu-failed', { details: 'Cast requires f16' }) },
    });
    const session = new ModelSession({ engine });
    await session.ensureLoaded(entry);
    await expect(session.generate({ prompt: 'p', maxNewTokens: 4 })).resolves.toEqual(done);
    expect(session.current?.backend).toBe('wasm');
    expect(devices(loads)).toEqual(['webgpu/q4', 'wasm/fp32']);
  });

  it('ends a solve whose GPU was lost; the next loads afresh, and after a second loss on WASM', async () => {
    const { engine, loads } = fakeEngine({ generateFails: { webgpu: new AppError('gpu-lost') } });
    const session = new ModelSession({ engine });
    await session.ensureLoaded(entry);
    await expect(session.generate({ prompt: 'p', maxNewTokens: 4 })).rejects.toMatchObject({
      code: 'gpu-lost',
    });
    expect(session.current).toBeUndefined();
    await session.ensureLoaded(entry);
    await expect(session.generate({ prompt: 'p', maxNewTokens: 4 })).rejects.toMatchObject({
      code: 'gpu-lost',
    });
    const third = await session.ensureLoaded(entry);
    expect(third).toMatchObject({ backend: 'wasm', reason: 'gpu-lost' });
    expect(devices(loads)).toEqual(['webgpu/q4', 'webgpu/q4', 'wasm/fp32']);
  });

  it('does not fall back when the backend is forced', async () => {
    const { engine } = fakeEngine({ loadFails: ['webgpu'] });
    await expect(
      new ModelSession({ engine }).ensureLoaded(entry, { forcedBackend: 'webgpu' }),
    ).rejects.toMatchObject({ code: 'webgpu-failed' });
  });

  it('refuses a forced WebGPU where there is none', async () => {
    const { engine } = fakeEngine({ probe: { webgpu: false, shaderF16: false } });
    await expect(
      new ModelSession({ engine }).ensureLoaded(entry, { forcedBackend: 'webgpu' }),
    ).rejects.toMatchObject({ code: 'webgpu-unavailable' });
  });

  it('asks before a large download, and reloads when another model is picked', async () => {
    const { engine, loads } = fakeEngine({ probe: { webgpu: false, shaderF16: false } });
    const planned: string[] = [];
    const asked: number[] = [];
    const session = new ModelSession({
      engine,
      store: {
        confirmAbove: 100,
        plan: async ({ folder, dtype }) => {
          planned.push(`${folder}${dtype}`);
          return { missingBytes: folder.includes('other') ? 50 : 500 };
        },
      },
    });
    await session.ensureLoaded(entry, { confirm: async (bytes) => asked.push(bytes) > 0 });
    await session.ensureLoaded(
      { ...entry, id: 'other', baseUrl: 'http://localhost/models/other/' },
      { confirm: async (bytes) => asked.push(bytes) > 0 },
    );
    expect(planned).toEqual([
      'http://localhost/models/tiny/fp32',
      'http://localhost/models/other/fp32',
    ]);
    expect(asked).toEqual([500]); // 50 bytes need no question
    expect(loads.map((l) => [l.modelId, l.store])).toEqual([
      ['tiny', {}],
      ['other', {}],
    ]);
  });

  it('cancels when the student declines the download', async () => {
    const { engine, loads } = fakeEngine({ probe: { webgpu: false, shaderF16: false } });
    const session = new ModelSession({
      engine,
      store: { confirmAbove: 100, plan: async () => ({ missingBytes: 1e9 }) },
    });
    await expect(session.ensureLoaded(entry, { confirm: async () => false })).rejects.toMatchObject(
      {
        name: 'AbortError',
      },
    );
    expect(loads).toEqual([]);
  });
});
