import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// The main view, Hints mode after a solve, and Stored models, scanned by
// axe-core at a desktop and a phone width, light and dark (History has its
// own scan in history.spec.ts). Serious and critical violations fail.
const SIZES = [
  [1280, 'light'],
  [360, 'dark'],
] as const;

async function scan(page: Page, where: string): Promise<void> {
  for (const [width, colorScheme] of SIZES) {
    await page.setViewportSize({ width, height: 800 });
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`),
      `${where} at ${width} px, ${colorScheme}`,
    ).toEqual([]);
  }
}

test('no serious accessibility violation on the main view, in Hints, and in Stored models', async ({
  page,
}) => {
  await page.goto('/?model=tiny-qwen2-scripted&backend=wasm');
  await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('tiny-qwen2-scripted');
  await scan(page, 'the main view');

  await page.getByRole('textbox', { name: 'Problem' }).fill('What is $3 + 4$?');
  await page.getByRole('combobox', { name: 'Help' }).selectOption('Hints');
  await page.getByRole('button', { name: 'Solve' }).click();
  const next = page.getByRole('button', { name: 'Next hint' });
  await expect(next).toBeEnabled({ timeout: 120_000 });
  await next.click();
  await expect(page.getByRole('textbox', { name: 'Your answer' })).toBeVisible({
    timeout: 120_000,
  });
  await scan(page, 'Hints');

  await page.getByRole('button', { name: 'Models' }).click();
  await expect(page.getByRole('region', { name: 'Stored models' })).toBeVisible();
  await scan(page, 'Stored models');
});
