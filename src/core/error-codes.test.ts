import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './error-codes';
import { ERROR_TEXT } from './error-text';
import { AppError, deserializeError, serializeError } from './errors';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('the error codes', () => {
  it('are the ones docs/embed.md lists for course pages, no more and no fewer', () => {
    const doc = readFileSync(path.join(root, 'docs', 'embed.md'), 'utf8');
    const table = doc.slice(doc.indexOf('| code | when |')).split('\n\n')[0] ?? '';
    const listed = [...table.matchAll(/^\| `([a-z0-9-]+)` \| /gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('each have a sentence that says what to do, with no exception text in it', () => {
    for (const code of ERROR_CODES) {
      const text = ERROR_TEXT[code]({ model: 'Qwen2-Math 1.5B Instruct' });
      expect(text, code).toMatch(/[.!]$/);
      expect(text, code).not.toMatch(/TypeError|Cannot read properties|undefined|\[object/);
    }
  });

  it('survive a trip across a thread, and an unknown one arrives as internal', () => {
    const error = new AppError('storage-full', {
      params: { model: 'M', needed: '1.2 GB', free: '300 MB' },
      details: 'QuotaExceededError',
    });
    const back = deserializeError(structuredClone(serializeError(error)));
    expect(back).toBeInstanceOf(AppError);
    expect(back).toMatchObject({ code: 'storage-full', details: 'QuotaExceededError' });
    expect(back.message).toBe(error.message);
    expect(back.message).toMatch(/1\.2 GB/);

    const stranger = deserializeError({ name: 'AppError', code: 'nope', message: 'hi' });
    expect(stranger.code).toBe('internal');
    expect(stranger.details).toMatch(/nope/);
    expect(deserializeError(null).code).toBe('internal');
  });

  it('keep a foreign exception out of the message and in the details', () => {
    const serialized = serializeError(
      new TypeError("Cannot read properties of undefined (reading 'tokenizer_class')"),
    );
    expect(serialized.code).toBe('internal');
    expect(serialized.message).not.toMatch(/Cannot read/);
    expect(serialized.details).toMatch(/TypeError: Cannot read/);
    expect(serializeError(new DOMException('x', 'AbortError')).code).toBe('aborted');
  });
});
