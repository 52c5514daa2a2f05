import { expect, expectedScript, test } from './fixtures';

test('on a phone-sized screen the controls fit and a problem solves', async ({ page }) => {
  await page.goto('/?model=tiny-qwen2-scripted&backend=wasm');
  const solve = page.getByRole('button', { name: 'Solve' });
  await expect(solve).toBeInViewport();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByRole('textbox', { name: 'Problem' }).fill('2+5');
  await solve.tap();
  await expect(page.getByRole('region', { name: 'Answer' })).toHaveAttribute(
    'data-answer-latex',
    expectedScript().answerLatex,
    { timeout: 90_000 },
  );
});
