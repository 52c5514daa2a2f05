import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { dragOnPicture, expectedLatex, problemBox, readRegion } from './fixtures/ocr/formula';
import { devImage } from './fixtures/ocr/inputs';

/**
 * Formulas read as LaTeX (issue 12), with the real OCR worker, tesseract.js
 * and the tiny-formula model (an image-to-LaTeX encoder-decoder that reads
 * every picture as expected.json's `latex`) on onnxruntime-web.
 */

async function upload(page: Page, file: string) {
  await page.getByLabel('Upload photo').setInputFiles(devImage(file));
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
});

test('the formula reader, once accepted, puts its LaTeX in the Problem box as $…$, typeset as the box says', async ({
  page,
}) => {
  const latex = expectedLatex();
  await upload(page, 'printed-math-02.png');
  // First without the model: tesseract's reading, and an offer with the download size.
  await expect(problemBox(page)).toHaveValue(/Convert .* terminating decimal/, { timeout: 60_000 });
  const region = readRegion(page);
  await expect(region.getByText(/can be read as LaTeX by the formula reader \(\d+/)).toBeVisible();
  await region.getByRole('button', { name: 'Read the formulas' }).click();
  await expect(problemBox(page)).toHaveValue(`Convert $${latex}$ to a terminating decimal.`, {
    timeout: 60_000,
  });
  // Typeset next to the picture, as the Problem box says.
  await expect(region.locator('.ocr-typeset annotation')).toHaveText(latex);
  await expect(region.getByText(/read by the formula reader/)).toBeVisible();
  // The student edits the Problem box: the typeset problem follows.
  await problemBox(page).fill('Solve $x^2 = 49$ for $x > 0$.');
  await expect(region.locator('.ocr-typeset .katex')).toHaveCount(2);
  await expect(region.locator('.ocr-typeset annotation').first()).toHaveText('x^2 = 49');
  await expect(region.getByText(/changed the Problem box/)).toBeVisible();
  // Downloaded once: the next picture's formulas are read without asking.
  await upload(page, 'printed-math-07.png');
  await expect(problemBox(page)).toHaveValue(new RegExp(`^If \\$${escapeRegExp(latex)}\\$`), {
    timeout: 60_000,
  });
});

test('a part of the picture selected with the mouse is read as a formula, in place of its words', async ({
  page,
}) => {
  const latex = expectedLatex();
  await upload(page, 'printed-math-11.png');
  await expect(problemBox(page)).toHaveValue(/Compute .* in your head/, { timeout: 60_000 });
  // "Compute 99^2+99+1 in your head.": the formula sits between 19% and 40% of the width.
  await dragOnPicture(page, 'mouse', { x: 0.17, y: 0.05 }, { x: 0.405, y: 0.95 });
  await readRegion(page).getByRole('button', { name: 'Read as formula' }).click();
  await expect(problemBox(page)).toHaveValue(`Compute $${latex}$ in your head.`, {
    timeout: 60_000,
  });
});

test('turning and cropping the photo reads it again', async ({ page }) => {
  await upload(page, 'printed-text-02.png');
  await expect(problemBox(page)).toHaveValue(/Grace weighs 125 pounds/, { timeout: 60_000 });
  const region = readRegion(page);
  // A quarter turn stands the wide picture on end; turned back, it reads as before.
  const frame = region.locator('.picture-frame');
  await region.getByRole('button', { name: 'Turn right' }).click();
  await expect
    .poll(async () => {
      const box = await frame.boundingBox();
      return box ? box.height > box.width : false;
    })
    .toBe(true);
  await region.getByRole('button', { name: 'Turn left' }).click();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeHidden({ timeout: 60_000 });
  await expect(problemBox(page)).toHaveValue(/Grace weighs 125 pounds/);
  // The first line only (the text fills the middle of the picture, in three lines).
  await dragOnPicture(page, 'mouse', { x: 0.01, y: 0.2 }, { x: 0.99, y: 0.43 });
  await region.getByRole('button', { name: 'Read this part' }).click();
  await expect(problemBox(page)).not.toHaveValue(/combined weights/, { timeout: 60_000 });
  await expect(problemBox(page)).toHaveValue(/^Grace weighs 125 pounds/);
  await region.getByRole('button', { name: 'Whole picture' }).click();
  await expect(problemBox(page)).toHaveValue(/combined weights/, { timeout: 60_000 });
});

test('without the formula model (not hosted, offline) photos are read as before, with no error', async ({
  page,
}) => {
  const asked: string[] = [];
  await page.route('**/models/tiny-formula/**', (route) => {
    asked.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await upload(page, 'printed-math-07.png');
  await expect(problemBox(page)).toHaveValue(/^If 10\^x - 10 = 9990, what is x equal to\?$/, {
    timeout: 60_000,
  });
  await expect(page.getByRole('alert')).toHaveCount(0);
  // Nothing was downloaded without asking.
  expect(asked).toEqual([]);
  // Asked for, it cannot come: the text stays, a note says why, no alert.
  await readRegion(page).getByRole('button', { name: 'Read the formulas' }).click();
  await expect(readRegion(page).getByText(/formula reader is not available here/)).toBeVisible({
    timeout: 60_000,
  });
  await expect(problemBox(page)).toHaveValue(/^If 10\^x - 10 = 9990/);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
