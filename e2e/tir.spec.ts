import { expect, expectedScript, test } from './fixtures';

test('"With Python" runs the model\'s program in Pyodide and continues to the answer', async ({
  page,
}) => {
  const expected = expectedScript('tiny-qwen2-tir');
  await page.goto('/?model=tiny-qwen2-tir&backend=wasm&mode=tir');
  await expect(page.getByRole('combobox', { name: 'Reasoning' })).toHaveValue('tir');
  await page.getByRole('textbox', { name: 'Problem' }).fill('What is 3 + 4?');
  await page.getByRole('button', { name: 'Solve' }).click();

  const answer = page.getByRole('region', { name: 'Answer' });
  await expect(answer).toHaveAttribute('data-answer-latex', expected.answerLatex, {
    timeout: 120_000,
  });
  const solution = page.getByRole('region', { name: 'Solution' });
  // The program is shown as code and its output, computed by Python, beneath it.
  await expect(solution.locator('code', { hasText: 'print(3+4)' })).toBeVisible();
  await expect(solution).toContainText(/output\s*7/i);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a model without tool use says so and reasons step by step', async ({ page }) => {
  await page.goto('/?model=tiny-qwen2-scripted&backend=wasm&mode=tir');
  await expect(page.getByText(/was not trained to use Python/)).toBeVisible();
  await page.getByRole('textbox', { name: 'Problem' }).fill('3+4');
  await page.getByRole('button', { name: 'Solve' }).click();
  await expect(page.getByRole('region', { name: 'Answer' })).toHaveAttribute(
    'data-answer-latex',
    expectedScript().answerLatex,
    { timeout: 90_000 },
  );
});
