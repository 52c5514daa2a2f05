import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { createPythonHandler } from './handler';
import type { PythonEngineApi, PythonReply } from './protocol';

const engine: PythonEngineApi = {
  async init(_config, options) {
    options?.onProgress?.({ stage: 'runtime', loaded: 0, total: 0 });
    return {
      pyodideVersion: '314',
      packages: { sympy: '1.11.1' },
      packagesFrom: 'archive',
      ms: { runtime: 1, packages: 1, imports: 0, total: 2 },
    };
  },
  async run(request) {
    if (request.code === 'boom') throw new AppError('python-not-ready', { message: 'Not ready.' });
    return { output: request.code, ok: true, ms: 1, heapBytes: 0, fatal: false };
  },
  async endSession() {},
};

describe('createPythonHandler', () => {
  it('answers each request with progress, then one result or error', async () => {
    const replies: PythonReply[] = [];
    const handle = createPythonHandler(engine, (reply) => replies.push(reply));
    const config = { indexURL: '/', packagesManifestUrl: null, preimport: [], memoryLimitBytes: 1 };
    await handle({ type: 'init', id: 1, request: config });
    await handle({ type: 'run', id: 2, request: { code: '1', session: 's' } });
    await handle({ type: 'run', id: 3, request: { code: 'boom', session: 's' } });
    await handle({ type: 'end-session', id: 4, request: { session: 's' } });
    expect(replies.map((r) => [r.type, r.id])).toEqual([
      ['progress', 1],
      ['result', 1],
      ['result', 2],
      ['error', 3],
      ['result', 4],
    ]);
    expect(replies[2]).toMatchObject({ call: 'run', result: { output: '1', ok: true } });
    expect(replies[3]).toMatchObject({
      error: { name: 'AppError', code: 'python-not-ready', message: 'Not ready.' },
    });
  });
});
