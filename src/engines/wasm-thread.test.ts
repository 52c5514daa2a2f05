import { describe, expect, it } from 'vitest';
import { isWasmThread } from './wasm-thread';

describe('isWasmThread', () => {
  it('knows the names Emscripten gives its thread workers', () => {
    expect(isWasmThread('em-pthread')).toBe(true);
    expect(isWasmThread('em-pthread-3')).toBe(true);
  });
  it('leaves the engine worker itself (no name, or another) alone', () => {
    expect(isWasmThread('')).toBe(false);
    expect(isWasmThread(undefined)).toBe(false);
    expect(isWasmThread('llm')).toBe(false);
  });
});
