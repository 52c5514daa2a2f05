import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { animatedGif, badInputs, devImage, hugePhoto, type InputFile } from './fixtures/ocr/inputs';

/**
 * Photo to Problem box (issue 5): upload, paste, drop and the sketch pad each
 * put recognisable text in the Problem box; every bad input shows an alert,
 * leaves the Problem box as it was, and the app keeps working.
 */

const problem = (page: Page) => page.getByRole('textbox', { name: 'Problem' });

async function upload(page: Page, file: InputFile) {
  await page.getByLabel('Upload photo').setInputFiles(file);
}

/** Dispatches a paste (or drop) carrying the file, as the browser does for a real one. */
async function dispatchWithFile(page: Page, kind: 'paste' | 'drop', file: InputFile) {
  await page.evaluate(
    ({ kind, name, mimeType, bytes }) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name, { type: mimeType }));
      if (kind === 'paste') {
        document.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
        return;
      }
      const zone = document.querySelector('.drop-zone') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(
          new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
        );
      }
    },
    { kind, name: file.name, mimeType: file.mimeType, bytes: [...file.buffer] },
  );
}

// An SVG's script must never run: any dialog (alert(1)) fails the test.
let dialogs: string[] = [];
test.beforeEach(async ({ page }) => {
  dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto('/');
});

test.afterEach(() => {
  expect(dialogs, 'dialogs opened by page content').toEqual([]);
});

test('an uploaded photo lands in the Problem box, next to its thumbnail', async ({ page }) => {
  await upload(page, devImage('printed-text-02.png'));
  await expect(problem(page)).toHaveValue(/Grace weighs 125 pounds/, { timeout: 60_000 });
  await expect(page.getByRole('img', { name: 'The problem being read' })).toBeVisible();
  await expect(page.getByText(/Confidence \d+%/)).toBeVisible();
});

test('a pasted screenshot is read', async ({ page }) => {
  await dispatchWithFile(page, 'paste', devImage('photo-02.jpg'));
  await expect(problem(page)).toHaveValue(/chocolate bars/, { timeout: 60_000 });
});

test('a dropped image is read', async ({ page }) => {
  await dispatchWithFile(page, 'drop', devImage('handwriting-02.png'));
  await expect(problem(page)).toHaveValue(/cookies/, { timeout: 60_000 });
});

test('large characters drawn with the mouse are read from the sketch pad, and kept as a sketch', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // The scripted tiny model solves it, so that History says how the problem came in.
  await page.goto('/?model=tiny-qwen2-scripted&backend=wasm');
  await page.getByRole('button', { name: 'Draw' }).click();
  const pad = page.getByRole('img', { name: 'Sketch pad' });
  await expect(pad).toBeVisible();
  const box = await pad.boundingBox();
  if (!box) throw new Error('no sketch pad');
  const stroke = async (points: [number, number][]) => {
    const [first, ...rest] = points;
    if (!first) return;
    await page.mouse.move(box.x + first[0], box.y + first[1]);
    await page.mouse.down();
    for (const [x, y] of rest) await page.mouse.move(box.x + x, box.y + y, { steps: 8 });
    await page.mouse.up();
  };
  // "1 + 7", each about 100 px tall.
  await stroke([
    [75, 85],
    [95, 65],
    [95, 165],
  ]);
  await stroke([
    [175, 115],
    [235, 115],
  ]);
  await stroke([
    [205, 85],
    [205, 145],
  ]);
  await stroke([
    [285, 65],
    [345, 65],
    [305, 165],
  ]);
  // Undo and redraw the last stroke: undo must not lose the rest.
  await page.getByRole('button', { name: 'Undo' }).click();
  await stroke([
    [285, 65],
    [345, 65],
    [305, 165],
  ]);
  await page.getByRole('button', { name: 'Recognize' }).click();
  await expect(problem(page)).toHaveValue(/^\s*1\s*\+\s*7\s*$/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByRole('button', { name: 'Recognize' })).toBeDisabled();
  await page.getByRole('button', { name: 'Solve' }).click();
  await expect(page.getByRole('region', { name: 'Answer' })).toBeVisible({ timeout: 90_000 });
  const kept = page.getByRole('region', { name: 'History' }).getByRole('listitem');
  await expect(kept).toHaveCount(1);
  await expect(kept).toContainText('Sketch');
});

test('every bad input gets an alert, the Problem box is untouched, and the app keeps working', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await problem(page).fill('Keep this problem.');
  for (const { label, file, alert } of await badInputs()) {
    await upload(page, file);
    const shown = page.getByRole('alert').filter({ hasText: alert });
    await expect(shown, label).toBeVisible({ timeout: 60_000 });
    await expect(problem(page), label).toHaveValue('Keep this problem.');
    await shown.getByRole('button', { name: 'Dismiss' }).click();
  }
  // Still working: a good image is read after all of that.
  await upload(page, devImage('printed-text-10.png'));
  await expect(problem(page)).toHaveValue(/Carver just turned 45/, { timeout: 60_000 });
});

test('an animated GIF is read from its first frame, and says so', async ({ page }) => {
  await upload(page, await animatedGif());
  await expect(problem(page)).toHaveValue(/12 plus 30/, { timeout: 60_000 });
  await expect(page.getByText(/only its first frame was read/)).toBeVisible();
});

test('a 12000×9000 photo is downscaled and read without freezing the page', async ({ page }) => {
  test.setTimeout(180_000);
  const file = await hugePhoto();
  await upload(page, file);
  // The page stays responsive while the worker decodes and reads.
  const started = Date.now();
  await page.getByRole('button', { name: 'Draw' }).click();
  expect(Date.now() - started).toBeLessThan(2_000);
  await expect(problem(page)).toHaveValue(/Grace weighs 125 pounds/, { timeout: 120_000 });
});

test('reading can be cancelled and started again', async ({ page }) => {
  await upload(page, devImage('printed-math-13.png'));
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeHidden();
  await expect(problem(page)).toHaveValue('');
  await upload(page, devImage('printed-text-06.png'));
  await expect(problem(page)).toHaveValue(/coffee mugs/, { timeout: 60_000 });
});
