/**
 * Driving the Python harness page (e2e/harness/python.html, the app's real
 * PythonClient built in e2e mode) from the specs.
 */
import type { Page } from '@playwright/test';
import type { HarnessOptions, HarnessRun, HarnessWindow } from './harness/api';

export const HARNESS = '/e2e/harness/python.html';
/** Python's own import blocks are for clear messages; a program can remove them, as here. */
export const AROUND_BLOCKS =
  'import sys\nsys.meta_path = [f for f in sys.meta_path if "Blocked" not in repr(f)]\n';

export async function openHarness(page: Page, options: HarnessOptions = {}) {
  await page.goto(HARNESS);
  await page.waitForFunction(() => 'pythonHarness' in window);
  await page.evaluate((o) => (window as unknown as HarnessWindow).pythonHarness.start(o), options);
  return page.evaluate(() => (window as unknown as HarnessWindow).pythonHarness.warm());
}

export function run(
  page: Page,
  code: string,
  options: { session?: string; timeoutMs?: number } = {},
): Promise<HarnessRun> {
  const opts = { session: 'test', ...options };
  return page.evaluate(([c, o]) => (window as unknown as HarnessWindow).pythonHarness.run(c, o), [
    code,
    opts,
  ] as const);
}
