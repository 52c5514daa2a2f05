import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { classifyFailure, failureError } from './failure';

const load = { during: 'load' } as const;

describe('classifyFailure: what an exception means for the student', () => {
  it.each([
    ['Could not locate file: "https://x/models/m/config.json".', 'model-missing'],
    ["TypeError: Cannot read properties of undefined (reading 'tokenizer_class')", 'model-missing'],
    ['ENOENT: no such file or directory', 'model-missing'],
    ['Failed to load model because protobuf parsing failed.', 'model-corrupt'],
    ['SyntaxError: Unexpected token < in JSON at position 0', 'model-corrupt'],
    ['QuotaExceededError: The quota has been exceeded.', 'storage-full'],
    ['RangeError: Array buffer allocation failed', 'out-of-memory'],
    ['Aborted(). Build with -sASSERTIONS for more info.', 'out-of-memory'],
    ['no available backend found. ERR: [wasm] WebAssembly is not defined', 'browser-unsupported'],
    ["Device was lost: 'destroyed'", 'gpu-lost'],
  ])('%s → %s', (message, code) => {
    expect(classifyFailure(new Error(message), load)).toBe(code);
  });

  it('tells offline, CORS and an unreachable host apart for a fetch that failed without a status', () => {
    const failed = new TypeError('Failed to fetch');
    expect(classifyFailure(failed, { ...load, online: false })).toBe('offline');
    expect(classifyFailure(failed, { ...load, online: true, answersWithoutCors: true })).toBe(
      'model-blocked',
    );
    expect(classifyFailure(failed, { ...load, online: true, answersWithoutCors: false })).toBe(
      'model-unavailable',
    );
    // Mid-download, with nothing more known: the connection dropped.
    expect(classifyFailure(failed, { ...load, online: true })).toBe('download-interrupted');
  });

  it('reads a 404 while offline as offline (the cache missed), not as a missing file', () => {
    expect(classifyFailure(new Error('Could not locate file'), { ...load, online: false })).toBe(
      'offline',
    );
  });

  it('leaves an unknown WebGPU failure to the WASM fallback, and anything else internal', () => {
    expect(
      classifyFailure(new Error('Program Cast requires f16'), { ...load, device: 'webgpu' }),
    ).toBe('webgpu-failed');
    expect(classifyFailure(new Error('weird'), { ...load, device: 'wasm' })).toBe('internal');
    expect(classifyFailure(new DOMException('x', 'AbortError'), load)).toBe('aborted');
  });

  it('keeps an AppError as it is and puts an exception text in details only', () => {
    const known = new AppError('busy');
    expect(failureError(known, load)).toBe(known);
    const error = failureError(new Error('Could not locate file: "a"'), load, {
      params: { model: 'Qwen2-Math' },
      where: 'https://x/m/',
    });
    expect(error.code).toBe('model-missing');
    expect(error.message).toMatch(/^Qwen2-Math could not be downloaded/);
    expect(error.message).not.toMatch(/locate/);
    expect(error.details).toBe('https://x/m/: Error: Could not locate file: "a"');
  });
});
