import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    // Parity tests build and run ONNX graphs; the default 5 s is too short on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
