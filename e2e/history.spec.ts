import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, expectedScript, test } from './fixtures';

const scripted = '/?model=tiny-qwen2-scripted&backend=wasm';
const history = (page: Page) => page.getByRole('region', { name: 'History' });
const entries = (page: Page) => history(page).getByRole('listitem');

/** An exported history as the tutor writes it (docs/history.md), with math in every entry. */
function historyFile(count: number): Payload {
  const sources = ['typed', 'photo', 'sketch'];
  const file = {
    app: 'math-tutor',
    kind: 'history',
    version: 1,
    exportedAt: '2025-01-31T00:00:00.000Z',
    entries: Array.from({ length: count }, (_, i) => ({
      id: `e2e-${i + 1}`,
      problem: `Problem ${i + 1}: solve $x^2 = ${(i + 1) ** 2}$`,
      source: sources[i % 3],
      text: `Take square roots:\n\n$$x = \\pm ${i + 1}$$\n\nSo $\\boxed{\\pm ${i + 1}}$.`,
      answerLatex: `\\pm ${i + 1}`,
      help: i % 2 ? 'hints' : 'full',
      modelId: 'tiny-qwen2-scripted',
      at: Date.UTC(2025, 0, i + 1),
    })),
  };
  return jsonFile(JSON.stringify(file));
}
interface Payload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}
const jsonFile = (text: string): Payload => ({
  name: 'history.json',
  mimeType: 'application/json',
  buffer: Buffer.from(text),
});

async function importHistory(page: Page, file: Payload) {
  await history(page).getByLabel('Import history').setInputFiles(file);
}

test.describe('history on the device', () => {
  test('a solved problem is kept typeset, found by search after a reload, and opens', async ({
    page,
  }) => {
    await page.goto(scripted);
    await page.getByRole('textbox', { name: 'Problem' }).fill('Kept for later: solve $x + 3 = 10$');
    await page.getByRole('button', { name: 'Solve' }).click();
    await expect(page.getByRole('region', { name: 'Answer' })).toBeVisible({ timeout: 90_000 });
    await expect(entries(page)).toHaveCount(1);

    await page.reload();
    const search = history(page).getByRole('textbox', { name: 'Search history' });
    await search.fill('KEPT FOR later');
    const found = entries(page).filter({ hasText: 'Kept for later' });
    await expect(found).toHaveCount(1);
    // Math typeset, not raw LaTeX: the problem's formula and the answer.
    await expect(found.locator('.katex')).toHaveCount(2);
    await expect(found).toContainText('Tiny Qwen2 (test, scripted)');
    await expect(found).toContainText('Typed');
    await search.fill('no such problem');
    await expect(entries(page)).toHaveCount(0);
    await search.fill('');

    await page.getByRole('button', { name: /Kept for later/ }).click();
    await expect(page.getByRole('region', { name: 'Answer' })).toHaveAttribute(
      'data-answer-latex',
      expectedScript().answerLatex,
    );
    await expect(page.getByRole('textbox', { name: 'Problem' })).toHaveValue(
      'Kept for later: solve $x + 3 = 10$',
    );
  });

  test('export, clear and import round-trip without duplicates; a bad file changes nothing', async ({
    page,
  }) => {
    await page.goto(scripted);
    await importHistory(page, historyFile(3));
    await expect(entries(page)).toHaveCount(3);
    await expect(history(page).getByRole('status')).toHaveText('New problems imported: 3.');

    // Delete one: the focus moves to the entry below it.
    await entries(page)
      .filter({ hasText: 'Problem 2' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect(entries(page)).toHaveCount(2);
    await expect(page.getByRole('button', { name: /Problem 1/ })).toBeFocused();

    const downloading = page.waitForEvent('download');
    await history(page).getByRole('button', { name: 'Export history' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^math-tutor-history-\d{4}-\d\d-\d\d\.json$/);
    const exported = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(exported).entries.map((e: { id: string }) => e.id)).toEqual([
      'e2e-3',
      'e2e-1',
    ]);

    // Clear asks first; Escape keeps everything.
    await history(page).getByRole('button', { name: 'Clear history' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clear history?' });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(entries(page)).toHaveCount(2);
    await history(page).getByRole('button', { name: 'Clear history' }).click();
    await dialog.getByRole('button', { name: 'Delete all' }).click();
    await expect(entries(page)).toHaveCount(0);

    await importHistory(page, jsonFile(exported));
    await expect(entries(page)).toHaveCount(2);
    await importHistory(page, jsonFile(exported));
    await expect(history(page).getByRole('status')).toHaveText(
      'Nothing new to import. Already here: 2.',
    );
    await importHistory(page, historyFile(3));
    await expect(entries(page)).toHaveCount(3);

    for (const bad of ['{"app": "math-tutor", "entries": [', JSON.stringify({ entries: [] })]) {
      await importHistory(page, jsonFile(bad));
      const alert = history(page).getByRole('alert');
      await expect(alert).toContainText('nothing was imported');
      await expect(alert).toContainText('Export history');
      await alert.getByRole('button', { name: 'Dismiss' }).click();
    }
    await expect(entries(page)).toHaveCount(3);
    await page.reload();
    await expect(entries(page)).toHaveCount(3);
  });

  test('the localStorage history moves in once', async ({ page }) => {
    // Written again before every load, as an old tab of the tutor might: still moved only once.
    await page.addInitScript(() => {
      const old = [
        {
          id: 'a',
          problem: 'Old one: $2+2$',
          modelId: 'm',
          text: '$\\boxed{4}$',
          answerLatex: '4',
          at: 2e12,
        },
        { id: 'b', problem: 'Older one', modelId: 'm', text: 'no answer', at: 1e12 },
      ];
      localStorage.setItem('math-tutor:history:v1', JSON.stringify(old));
    });
    await page.goto(scripted);
    await expect(entries(page)).toHaveCount(2);
    await expect(entries(page).first()).toContainText('Old one');
    await page.reload();
    await expect(entries(page).first()).toContainText('Old one');
    await expect(entries(page)).toHaveCount(2);
  });

  test('no serious accessibility violation in History, at 1280 and 360 px, light and dark', async ({
    page,
  }) => {
    await page.goto(scripted);
    await importHistory(page, historyFile(3));
    await expect(entries(page).locator('.katex').first()).toBeVisible();
    for (const [width, colorScheme] of [
      [1280, 'light'],
      [360, 'dark'],
    ] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme });
      // The region's own content fits (what the header does is not this test's concern).
      const overflow = await history(page).evaluate((el) =>
        Math.max(el.scrollWidth - el.clientWidth, el.getBoundingClientRect().right - innerWidth),
      );
      expect(overflow, `History wider than the screen at ${width} px`).toBeLessThanOrEqual(0);
      const scan = await new AxeBuilder({ page }).include('section.history').analyze();
      const bad = scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    }
    // The confirmation too.
    await history(page).getByRole('button', { name: 'Clear history' }).click();
    const scan = await new AxeBuilder({ page }).include('dialog').analyze();
    expect(
      scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    ).toEqual([]);
  });
});
