import { expect, expectedScript, test } from './fixtures';

// One generation on WebGPU (SwiftShader on the CPU here: seconds per token).
// The scripted model is ~16 tokens; everything long runs on WASM.
test('the scripted model solves on WebGPU with the q4 (MatMulNBits) build', async ({ page }) => {
  await page.goto('/?model=tiny-qwen2-scripted&backend=webgpu');
  await page.getByRole('textbox', { name: 'Problem' }).fill('What is $3 + 4$?');
  await page.getByRole('button', { name: 'Solve' }).click();
  await expect(page.getByRole('region', { name: 'Answer' })).toHaveAttribute(
    'data-answer-latex',
    expectedScript().answerLatex,
  );
  await expect(page.getByRole('status', { name: 'Engine' })).toContainText('WebGPU');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
