import { defineConfig, devices } from '@playwright/test';
import { E2E_ORIGIN, E2E_PORT } from './e2e/port';

/**
 * e2e against the built app (`vite preview`) with the project's own tiny test
 * models copied in (scripts/serve.ts). Playwright cannot download its
 * browsers here, so Debian's Chromium is used; CHROMIUM_PATH overrides it.
 * --enable-unsafe-webgpu exposes a real (SwiftShader, CPU) WebGPU adapter.
 */
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--enable-unsafe-webgpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: 'e2e',
  // Two cores: one browser at a time keeps model timings sane.
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: E2E_ORIGIN,
    launchOptions: chromium,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'desktop',
      testIgnore: /(webgpu|mobile)\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
    },
    {
      name: 'mobile',
      testMatch: /mobile\.spec\.ts/,
      use: { ...devices['Pixel 7'], launchOptions: chromium },
    },
    {
      // SwiftShader takes seconds per token: one short generation, minutes of budget.
      name: 'webgpu',
      testMatch: /webgpu\.spec\.ts/,
      timeout: 15 * 60_000,
      expect: { timeout: 12 * 60_000 },
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
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
