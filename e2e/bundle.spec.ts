import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from './fixtures';

const dist = path.resolve(import.meta.dirname, '..', 'dist');
/** ARCHITECTURE.md: the app is usable after at most 150 kB of gzip JS. */
const BUDGET = 150_000;

test('the initial JS stays within the 150 kB gzip budget', async ({ page }) => {
  // What a first visit runs before the app is usable: the entry module and the
  // chunks Vite preloads with it. The renderer, KaTeX and the engines are
  // separate chunks loaded on idle or on demand.
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const sizes = Object.fromEntries(
    files.map((file) => [file, gzipSync(readFileSync(path.join(dist, file))).length]),
  );
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  console.log(`initial JS (gzip): ${total} bytes`, sizes);
  expect(files.length).toBeGreaterThan(0);
  expect(total).toBeLessThanOrEqual(BUDGET);

  // And the app really is usable with only those: the Problem box takes text.
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Problem' }).fill('1+1');
  await expect(page.getByRole('button', { name: 'Solve' })).toBeEnabled();
});
