import { expect, expectedScript, test } from './fixtures';

const scripted = '/?model=tiny-qwen2-scripted&backend=wasm';

test.describe('solve a typed problem (WASM)', () => {
  test('the scripted model streams a solution and the answer card shows its box', async ({
    page,
  }) => {
    const expected = expectedScript();
    await page.goto(scripted);
    await page.getByRole('textbox', { name: 'Problem' }).fill('What is $3 + 4$?');
    await expect(page.getByRole('region', { name: 'Answer' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Solve' }).click();

    const answer = page.getByRole('region', { name: 'Answer' });
    await expect(answer).toHaveAttribute('data-answer-latex', expected.answerLatex, {
      timeout: 90_000,
    });
    await expect(answer.locator('.katex')).toBeVisible();
    const solution = page.getByRole('region', { name: 'Solution' });
    await expect(solution.locator('.katex').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Stop' })).toHaveCount(0);
    await expect(page.getByRole('status', { name: 'Engine' })).toContainText('WASM');
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('a new solve clears the previous answer until the new one arrives', async ({ page }) => {
    const expected = expectedScript();
    await page.goto(scripted);
    const problem = page.getByRole('textbox', { name: 'Problem' });
    await problem.fill('First problem');
    await page.getByRole('button', { name: 'Solve' }).click();
    const answer = page.getByRole('region', { name: 'Answer' });
    await expect(answer).toHaveAttribute('data-answer-latex', expected.answerLatex, {
      timeout: 90_000,
    });

    await problem.fill('Second problem');
    await page.getByRole('button', { name: 'Solve' }).click();
    // The card disappears when the solve starts, then comes back with the new answer.
    await expect(answer).toHaveCount(0);
    await expect(answer).toHaveAttribute('data-answer-latex', expected.answerLatex, {
      timeout: 90_000,
    });
  });

  test('Stop ends a long generation and the app stays usable', async ({ page }) => {
    await page.goto('/?model=tiny-qwen2&backend=wasm');
    await page.getByRole('textbox', { name: 'Problem' }).fill('Count forever');
    await page.getByRole('button', { name: 'Solve' }).click();
    const solution = page.getByRole('region', { name: 'Solution' });
    await expect(solution).not.toBeEmpty({ timeout: 90_000 });
    const stop = page.getByRole('button', { name: 'Stop' });
    await stop.click();
    await expect(stop).toHaveCount(0, { timeout: 10_000 });
    const stopped = (await solution.textContent()) ?? '';
    expect(stopped.length).toBeGreaterThan(0);
    await page.waitForTimeout(1000);
    expect(await solution.textContent()).toBe(stopped);
    await expect(page.getByRole('button', { name: 'Solve' })).toBeEnabled();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('a missing model file gives an alert naming it, and another model still works', async ({
    page,
  }) => {
    await page.route('**/models/tiny-qwen2/onnx/**', (route) =>
      route.fulfill({ status: 404, body: 'Not found' }),
    );
    await page.goto('/?model=tiny-qwen2&backend=wasm');
    await page.getByRole('textbox', { name: 'Problem' }).fill('1+1');
    await page.getByRole('button', { name: 'Solve' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Tiny Qwen2 (test, random) could not be downloaded', {
      timeout: 60_000,
    });
    // The file and the status are there for a teacher, under Details.
    await alert.getByText('Details').click();
    await expect(alert.locator('details')).toContainText(/model\.onnx: HTTP 404/);
    await expect(page.getByRole('button', { name: 'Solve' })).toBeEnabled();
    await expect(page.getByRole('textbox', { name: 'Problem' })).toHaveValue('1+1');

    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('combobox', { name: 'Model' }).selectOption('tiny-qwen2-scripted');
    await page.getByRole('button', { name: 'Solve' }).click();
    await expect(page.getByRole('region', { name: 'Answer' })).toHaveAttribute(
      'data-answer-latex',
      expectedScript().answerLatex,
      { timeout: 90_000 },
    );
  });

  test('URL parameters prefill and autosolve, and the problem stays plain text', async ({
    page,
  }) => {
    const problem = '<img src=x onerror="window.__pwned=1"> Solve $x+1=2$';
    await page.goto(`${scripted}&autosolve=1&problem=${encodeURIComponent(problem)}`);
    await expect(page.getByRole('textbox', { name: 'Problem' })).toHaveValue(problem);
    await expect(page.getByRole('region', { name: 'Answer' })).toHaveAttribute(
      'data-answer-latex',
      expectedScript().answerLatex,
      { timeout: 90_000 },
    );
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
  });

  test('solved problems stay in History after a reload', async ({ page }) => {
    await page.goto(scripted);
    await page.getByRole('textbox', { name: 'Problem' }).fill('Remember me: 2+2');
    await page.getByRole('button', { name: 'Solve' }).click();
    await expect(page.getByRole('region', { name: 'Answer' })).toBeVisible({ timeout: 90_000 });
    const history = page.getByRole('region', { name: 'History' });
    await expect(history).toContainText('Remember me: 2+2');
    await page.reload();
    await expect(history).toContainText('Remember me: 2+2');
    await history.getByRole('button', { name: /Remember me/ }).click();
    await expect(page.getByRole('region', { name: 'Answer' })).toHaveAttribute(
      'data-answer-latex',
      expectedScript().answerLatex,
    );
  });

  test('an unknown ?model= says so and falls back to the first model that can be used', async ({
    page,
  }) => {
    await page.goto('/?model=no-such-model');
    await expect(page.getByRole('alert')).toContainText('no-such-model');
    // Qwen2-Math is not hosted by the test server and the Hub is off: the first test model.
    await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('tiny-qwen2');
  });
});

test("the student checks their own answer against the tutor's", async ({ page }) => {
  await page.goto(scripted);
  await page.getByRole('textbox', { name: 'Problem' }).fill('What is $3 + 4$?');
  await page.getByRole('button', { name: 'Solve' }).click();
  await expect(page.getByRole('region', { name: 'Answer' })).toHaveAttribute(
    'data-answer-latex',
    expectedScript().answerLatex,
    { timeout: 90_000 },
  );
  const mine = page.getByRole('textbox', { name: 'Your answer' });
  const verdict = page.getByRole('status', { name: 'Verdict' });
  // The scripted answer is 7: an equivalent form is right, another number is not.
  await mine.fill('7.0');
  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(verdict).toHaveText(/^Correct/);
  await mine.fill('8');
  await page.getByRole('button', { name: 'Check answer' }).click();
  await expect(verdict).toHaveText(/^Not quite/);
});
