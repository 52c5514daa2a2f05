import type { Page } from '@playwright/test';
import { expect, expectedScript, test } from './fixtures';

/**
 * The tutor modes on the scripted model (issue 11): hints one step at a
 * time, explanations and follow-ups as second turns of the conversation,
 * voting over sampled solutions, and the Chinese interface.
 */
test.describe.configure({ timeout: 300_000 });

const scripted = '/?model=tiny-qwen2-scripted&backend=wasm';

async function solve(page: Page, problem = 'What is $3 + 4$?') {
  await page.getByRole('textbox', { name: 'Problem' }).fill(problem);
  await page.getByRole('button', { name: 'Solve' }).click();
}

test('Hints reveal the steps one by one, and the answer only on request', async ({ page }) => {
  await page.goto(scripted);
  await page.getByRole('combobox', { name: 'Help' }).selectOption('Hints');
  await solve(page);

  const solution = page.getByRole('region', { name: 'Solution' });
  const next = page.getByRole('button', { name: 'Next hint' });
  await expect(next).toBeEnabled({ timeout: 120_000 });
  await expect(solution.getByRole('listitem')).toHaveCount(0);
  await next.click();
  const steps = solution.getByRole('list', { name: 'Steps' }).getByRole('listitem');
  await expect(steps).toHaveCount(1);
  await expect(steps.first()).toContainText('We add');
  await expect(page.getByRole('region', { name: 'Answer' })).toHaveCount(0);

  // Checking a wrong answer points to the next hint, not to the answer.
  const mine = page.getByRole('textbox', { name: 'Your answer' });
  await expect(mine).toBeVisible({ timeout: 120_000 });
  await mine.fill('8');
  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText(
    'Not quite. Take the next hint',
  );
  await expect(next).toBeFocused();
  await next.click();
  await expect(steps).toHaveCount(2);
  await next.click();
  await expect(steps).toHaveCount(3);
  await expect(next).toBeDisabled();
  await expect(page.getByRole('region', { name: 'Answer' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Show answer' }).click();
  await expect(page.getByRole('region', { name: 'Answer' })).toHaveAttribute(
    'data-answer-latex',
    expectedScript().answerLatex,
  );
  await expect(page.getByRole('button', { name: 'Next hint' })).toHaveCount(0);
});

test('"Explain step 1" and a follow-up question each stream a reply', async ({ page }) => {
  await page.goto(scripted);
  await solve(page);
  const steps = page.getByRole('list', { name: 'Steps' }).getByRole('listitem');
  await expect(steps).toHaveCount(3, { timeout: 120_000 });

  await page.getByRole('button', { name: 'Explain step 1' }).click();
  const explanation = page.getByRole('region', { name: 'Explanation' });
  // The scripted model answers every turn with its script: the reply is that text, typeset.
  await expect(explanation).toContainText('Counting on four from three gives seven', {
    timeout: 60_000,
  });
  await expect(explanation.locator('.katex').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);

  await page.getByRole('textbox', { name: 'Follow-up question' }).fill('Why do we add?');
  await page.getByRole('button', { name: 'Ask' }).click();
  const followUp = page.getByRole('region', { name: 'Follow-up' });
  await expect(followUp).toContainText('Why do we add?');
  await expect(followUp).toContainText('Counting on four from three gives seven', {
    timeout: 60_000,
  });
  await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('Double-check samples more solutions and says how many agree', async ({ page }) => {
  await page.goto(scripted);
  await solve(page);
  await expect(page.getByRole('region', { name: 'Answer' })).toBeVisible({ timeout: 120_000 });
  await page.getByRole('combobox', { name: 'Solutions to compare' }).selectOption('2');
  await page.getByRole('button', { name: 'Double-check' }).click();
  const agreement = page.getByRole('status', { name: 'Agreement' });
  await expect(agreement).toContainText(/Writing solution \d of 2/);
  await expect(agreement).toHaveText('3 of 3 solutions agree.', { timeout: 120_000 });
  // Each sampled solution can be opened.
  await page.getByText('Solution 2: 7').click();
  await expect(page.locator('.samples details[open]')).toContainText('Counting on four');
});

test('the Chinese interface switches and back, and <html lang> follows', async ({ page }) => {
  await page.goto(scripted);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('中文');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('button', { name: '求解' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: '题目' })).toBeVisible();
  // Kept on this device.
  await page.reload();
  await expect(page.getByRole('button', { name: '求解' })).toBeVisible();
  await page.getByRole('combobox', { name: '语言' }).selectOption('English');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'Solve' })).toBeVisible();
  // ?lang= wins over the stored choice.
  await page.goto(`${scripted}&lang=zh`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { name: '数学辅导' })).toBeVisible();
});
