import { describe, expect, it } from 'vitest';
import { type Availability, type ProbeDeps, pickModel, probeModel } from './availability';
import type { ModelEntry } from './registry';

const folder = 'https://models.school.example/qwen2-math/';

function deps(
  answer: (url: string, init?: RequestInit) => Promise<Response>,
  patch: Partial<ProbeDeps> = {},
): ProbeDeps {
  return {
    fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
      answer(String(input), init)) as typeof fetch,
    isStored: async () => false,
    online: () => true,
    timeoutMs: 50,
    ...patch,
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('probeModel', () => {
  it('finds a hosted model from its config.json', async () => {
    let asked = '';
    const result = await probeModel(
      folder,
      deps(async (url) => {
        asked = url;
        return json({ model_type: 'qwen2' });
      }),
    );
    expect(result).toEqual({ state: 'available', stored: false });
    expect(asked).toBe(`${folder}config.json`);
  });

  it('counts a stored model as available without asking the network, even offline', async () => {
    let asked = false;
    const result = await probeModel(
      folder,
      deps(
        async () => {
          asked = true;
          return json({});
        },
        { isStored: async () => true, online: () => false },
      ),
    );
    expect(result).toEqual({ state: 'available', stored: true });
    expect(asked).toBe(false);
  });

  it('calls a 404 or a web page in place of config.json missing', async () => {
    expect(
      await probeModel(
        folder,
        deps(async () => new Response('no', { status: 404 })),
      ),
    ).toMatchObject({
      state: 'unavailable',
      reason: 'missing',
    });
    const page = new Response('<!doctype html><title>app</title>', {
      headers: { 'content-type': 'text/html' },
    });
    expect(
      await probeModel(
        folder,
        deps(async () => page),
      ),
    ).toMatchObject({ reason: 'missing' });
  });

  it('calls a host that does not answer in time unreachable', async () => {
    const hang = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const started = Date.now();
    const result = await probeModel(folder, deps(hang));
    expect(result).toMatchObject({ state: 'unavailable', reason: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('tells a CORS refusal from a host that is not there', async () => {
    const cors = deps(async (_url, init) => {
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    });
    expect(await probeModel(folder, cors)).toMatchObject({ reason: 'blocked' });
    const gone = deps(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await probeModel(folder, gone)).toMatchObject({ reason: 'unreachable' });
    expect(
      await probeModel(
        folder,
        deps(async () => json({}, 403)),
      ),
    ).toMatchObject({
      reason: 'blocked',
    });
  });

  it('does not ask the network when offline', async () => {
    const result = await probeModel(
      folder,
      deps(
        async () => {
          throw new Error('asked');
        },
        { online: () => false },
      ),
    );
    expect(result).toMatchObject({ reason: 'offline' });
  });
});

describe('pickModel', () => {
  const model = (id: string) => ({ id }) as ModelEntry;
  const models = [model('qwen2-math'), model('qwen2.5-math'), model('tiny')];
  const map = (entries: Record<string, Availability['state']>) =>
    new Map(
      Object.entries(entries).map(([id, state]): [string, Availability] => [
        id,
        state === 'unavailable'
          ? { state, reason: 'missing', detail: '' }
          : state === 'available'
            ? { state, stored: false }
            : { state },
      ]),
    );

  it('opens on the asked-for model if usable, else the last used, else the first usable', () => {
    const all = map({
      'qwen2-math': 'unavailable',
      'qwen2.5-math': 'available',
      tiny: 'available',
    });
    expect(pickModel(models, all, { requested: 'tiny' })).toBe('tiny');
    expect(pickModel(models, all, { requested: 'qwen2-math', lastUsed: 'tiny' })).toBe('tiny');
    expect(pickModel(models, all, { requested: 'qwen2-math' })).toBe('qwen2.5-math');
    expect(pickModel(models, all, { requested: 'nope', lastUsed: 'gone' })).toBe('qwen2.5-math');
  });

  it('keeps a preference that is still being checked', () => {
    const checking = map({ 'qwen2-math': 'checking', 'qwen2.5-math': 'available' });
    expect(pickModel(models, checking, { requested: 'qwen2-math' })).toBe('qwen2-math');
    expect(pickModel(models, checking, {})).toBe('qwen2-math');
  });

  it('keeps the asked-for model when nothing is usable, so Solve can say why', () => {
    const none = map({
      'qwen2-math': 'unavailable',
      'qwen2.5-math': 'unavailable',
      tiny: 'unavailable',
    });
    expect(pickModel(models, none, { requested: 'tiny' })).toBe('tiny');
    expect(pickModel(models, none, {})).toBe('qwen2-math');
  });
});
