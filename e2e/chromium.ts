/**
 * How the e2e tests launch Chromium, shared by playwright.config.ts and the
 * specs that need one more flag. Playwright cannot download its browsers
 * here, so Debian's Chromium is used; CHROMIUM_PATH overrides it.
 * --enable-unsafe-webgpu exposes a real (SwiftShader, CPU) WebGPU adapter.
 */
export const CHROMIUM = {
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
