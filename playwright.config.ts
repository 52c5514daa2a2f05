import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM } from './e2e/chromium';
import { E2E_ORIGIN, E2E_PORT } from './e2e/port';

/**
 * e2e against the built app (`vite preview`) with the project's own tiny test
 * models copied in (scripts/serve.ts), in Debian's Chromium (e2e/chromium.ts).
 */
export default defineConfig({
  testDir: 'e2e',
  // Two cores: one browser at a time keeps model timings sane.
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: E2E_ORIGIN,
    launchOptions: CHROMIUM,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'desktop',
      testIgnore: /(webgpu|mobile)\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions: CHROMIUM },
    },
    {
      name: 'mobile',
      testMatch: /mobile\.spec\.ts/,
      use: { ...devices['Pixel 7'], launchOptions: CHROMIUM },
    },
    {
      // SwiftShader takes seconds per token: one short generation, minutes of budget.
      name: 'webgpu',
      testMatch: /webgpu\.spec\.ts/,
      timeout: 15 * 60_000,
      expect: { timeout: 12 * 60_000 },
      use: { ...devices['Desktop Chrome'], launchOptions: CHROMIUM },
    },
  ],
  webServer: {
    command: `npx tsx scripts/serve.ts --port ${E2E_PORT}`,
    url: `${E2E_ORIGIN}/models.json`,
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
  },
});
