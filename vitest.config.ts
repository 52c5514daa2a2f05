import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The benchmark sets beside the repository (../shared/data). A clone of the
 * repo alone has none: tests that need them get '' and skip, saying why in
 * their names; CI, which has them, runs them all.
 */
const sharedData = path.resolve(import.meta.dirname, '..', 'shared', 'data');

declare module 'vitest' {
  export interface ProvidedContext {
    /** ../shared/data as an absolute path, or '' when it is absent. */
    sharedData: string;
  }
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    // Parity tests build and run ONNX graphs; the default 5 s is too short on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    provide: { sharedData: existsSync(sharedData) ? sharedData : '' },
  },
});
