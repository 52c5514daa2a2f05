import { expect, test } from './fixtures';
import { dragOnPicture, expectedLatex, problemBox, readRegion } from './fixtures/ocr/formula';
import { devImage } from './fixtures/ocr/inputs';

/** On a phone: a finger selects the part of the photo to read as a formula (issue 12). */
test('a part of the photo selected by touch is read as a formula', async ({ page }) => {
  const latex = expectedLatex();
  await page.goto('/');
  await page.getByLabel('Upload photo').setInputFiles(devImage('printed-math-11.png'));
  await expect(problemBox(page)).toHaveValue(/Compute .* in your head/, { timeout: 90_000 });
  await readRegion(page).scrollIntoViewIfNeeded();
  await dragOnPicture(page, 'touch', { x: 0.17, y: 0.05 }, { x: 0.405, y: 0.95 });
  const read = readRegion(page).getByRole('button', { name: 'Read as formula' });
  await read.tap();
  await expect(problemBox(page)).toHaveValue(`Compute $${latex}$ in your head.`, {
    timeout: 90_000,
  });
  // The page did not scroll or zoom away under the finger.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});
