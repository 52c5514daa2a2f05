import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { type Expected, expect, expectedScript, test } from './fixtures';

/**
 * The installable, offline tutor (docs/offline.md): once a model was solved
 * with and "Make available offline" was pressed, the page reloads, solves and
 * reads a photo with the network off.
 */

const scripted = '/?model=tiny-qwen2-scripted&backend=wasm';

/**
 * The first visit installs the service worker, which then claims the page.
 * Workers the page started before that stay outside it: `reload` makes it a
 * later visit.
 */
async function controlledByServiceWorker(page: Page, { reload = false } = {}): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (reload || !(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
  }
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

async function solve(page: Page, problem: string, expected: Expected): Promise<void> {
  await page.getByRole('textbox', { name: 'Problem' }).fill(problem);
  await page.getByRole('button', { name: 'Solve' }).click();
  const answer = page.getByRole('region', { name: 'Answer' });
  await expect(answer).toHaveAttribute('data-answer-latex', expected.answerLatex, {
    timeout: 90_000,
  });
  await expect(answer.locator('.katex')).toBeVisible();
}

/** A small image of printed text, made here. */
async function textImage(text: string) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="140">
    <rect width="100%" height="100%" fill="#fff"/>
    <text x="30" y="85" font-size="44" font-family="DejaVu Sans, sans-serif">${text}</text></svg>`;
  return {
    name: 'problem.png',
    mimeType: 'image/png',
    buffer: await sharp(Buffer.from(svg)).png().toBuffer(),
  };
}

/** Whether a fetch that no cache answers reaches the server, from the page and from the worker. */
async function networkReachable(page: Page): Promise<{ page: boolean; worker: boolean }> {
  const probe = `/models.json?probe=${Date.now()}`;
  const fromPage = await page.evaluate(
    (url) =>
      fetch(url, { cache: 'no-store' }).then(
        () => true,
        () => false,
      ),
    probe,
  );
  const [worker] = page.context().serviceWorkers();
  if (!worker) throw new Error('The page has no service worker.');
  const fromWorker = await worker.evaluate(
    (url) =>
      fetch(url, { cache: 'no-store' }).then(
        () => true,
        () => false,
      ),
    probe,
  );
  return { page: fromPage, worker: fromWorker };
}

test('after "Make available offline" the tutor reloads, solves and reads a photo offline', async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  const expected = expectedScript();
  await page.goto(scripted);
  await controlledByServiceWorker(page);
  const offline = page.getByRole('status', { name: 'Offline' });
  await expect(offline).toContainText('Ready offline: the app');

  // Online: the solve puts the model's files in transformers.js's cache.
  await solve(page, 'What is $3 + 4$?', expected);

  const started = Date.now();
  await page.getByRole('button', { name: 'Make available offline' }).click();
  await expect(offline).toContainText('Ready offline: Tiny Qwen2 (test, scripted)', {
    timeout: 120_000,
  });
  console.log(`"Make available offline" → "Ready offline": ${Date.now() - started} ms`);

  // Every file transformers.js reads for this model and dtype is kept, once,
  // in its own cache; the service worker stored none of them again.
  const caches = await page.evaluate(async () => {
    const names = await globalThis.caches.keys();
    const entries: Record<string, string[]> = {};
    for (const name of names) {
      const cache = await globalThis.caches.open(name);
      entries[name] = (await cache.keys()).map((r) => new URL(r.url).pathname);
    }
    return entries;
  });
  const folder = '/models/tiny-qwen2-scripted/';
  expect(caches['transformers-cache']).toEqual(
    expect.arrayContaining(
      [
        'config.json',
        'generation_config.json',
        'tokenizer.json',
        'tokenizer_config.json',
        'onnx/model.onnx',
      ].map((file) => folder + file),
    ),
  );
  // The app's own record of the stored model (a few hundred bytes) sits next
  // to its files; no model bytes are kept twice, and no parts are left over.
  expect(caches['math-tutor-parts'] ?? []).toEqual([]);
  const elsewhere = Object.entries(caches)
    .filter(([name]) => name !== 'transformers-cache' && name !== 'math-tutor-stored')
    .flatMap(([, paths]) => paths.filter((p) => p.startsWith('/models/')));
  expect(elsewhere).toEqual([]);
  expect(caches['math-tutor-engines']?.some((p) => p.endsWith('eng.traineddata'))).toBe(true);

  await context.setOffline(true);
  expect(await networkReachable(page)).toEqual({ page: false, worker: false });

  await page.reload();
  await expect(page.getByRole('button', { name: 'Make available offline' })).toBeVisible();
  await expect(offline).toContainText('Ready offline: Tiny Qwen2 (test, scripted)');
  await solve(page, 'What is $5 - 2$?', expected);
  await expect(page.getByRole('status', { name: 'Engine' })).toContainText('WASM');
  await expect(page.getByText(/is not hosted at this address/)).toHaveCount(0);

  // OCR was never used online: "Make available offline" kept its engine.
  await page.getByLabel('Upload photo').setInputFiles(await textImage('What is 12 plus 30?'));
  await expect(page.getByRole('textbox', { name: 'Problem' })).toHaveValue(/12 plus 30/, {
    timeout: 60_000,
  });
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('engines used online stay available offline without pressing anything', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  // Playwright turns the HTTP cache off in a context with request routing,
  // and this test is also about what the service worker takes from that
  // cache, so its context routes nothing: requests that leave localhost are
  // watched instead.
  const context = await browser.newContext({ ...(baseURL ? { baseURL } : {}) });
  const offsite: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    const local = ['localhost', '127.0.0.1'].includes(url.hostname);
    if (!local && url.protocol !== 'data:' && url.protocol !== 'blob:') offsite.push(url.href);
  });
  const page = await context.newPage();
  const problem = page.getByRole('textbox', { name: 'Problem' });
  const expected = expectedScript('tiny-qwen2-tir');

  // A photo read on the very first visit, before the service worker is in
  // charge: the OCR worker's requests bypass it, and it keeps the files from
  // the HTTP cache once it is.
  await page.goto('/?model=tiny-qwen2-tir&backend=wasm&mode=tir');
  const early = await page.evaluate(() => navigator.serviceWorker.controller === null);
  await page.getByLabel('Upload photo').setInputFiles(await textImage('What is 12 plus 30?'));
  await expect(problem).toHaveValue(/12 plus 30/, { timeout: 60_000 });
  console.log(`photo read before the service worker was in charge: ${early}`);

  // A later visit (the reload) solves with Python through the service worker.
  await controlledByServiceWorker(page, { reload: true });
  expect(await keptEngineFiles(page)).toContain('tesseract/lang/eng.traineddata');
  await solve(page, 'What is 3 + 4?', expected);

  await context.setOffline(true);
  expect(await networkReachable(page)).toEqual({ page: false, worker: false });
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Reasoning' })).toHaveValue('tir');
  await solve(page, 'What is 3 + 4?', expected);
  await expect(page.getByRole('region', { name: 'Solution' })).toContainText(/output\s*7/i);
  await page.getByLabel('Upload photo').setInputFiles(await textImage('What is 20 plus 22?'));
  await expect(problem).toHaveValue(/20 plus 22/, { timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await keptEngineFiles(page)).toEqual(
    expect.arrayContaining(['pyodide/pyodide.asm.wasm', 'tesseract/lang/eng.traineddata']),
  );
  expect(offsite, 'requests that left localhost').toEqual([]);
  await context.close();
});

async function keptEngineFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const keys = await (await caches.open('math-tutor-engines')).keys();
    return keys.map((request) => new URL(request.url).pathname.slice(1));
  });
}

test.describe('a download cut off half way', () => {
  // Without a service worker: this is about what transformers.js and
  // "Make available offline" write to transformers-cache.
  test.use({ serviceWorkers: 'block' });

  const modelDir = path.resolve(
    import.meta.dirname,
    '..',
    '.test-models',
    'models',
    'tiny-qwen2-scripted',
  );
  let server: Server;
  let cutOff = true;
  let folder = '';

  test.beforeAll(async () => {
    // A model host on another port that drops the connection half way through
    // the ONNX file, after announcing its full length.
    server = createServer((request, response) => {
      response.setHeader('Access-Control-Allow-Origin', '*');
      response.setHeader('Access-Control-Allow-Headers', '*');
      if (request.method === 'OPTIONS') {
        response.writeHead(204).end();
        return;
      }
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      const name = pathname.replace(/^\/cut-off\//, '');
      let body: Buffer;
      try {
        body = readFileSync(path.join(modelDir, path.normalize(name)));
      } catch {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'Content-Length': body.length });
      if (cutOff && name.endsWith('.onnx')) {
        response.write(body.subarray(0, body.length >> 1));
        setTimeout(() => response.socket?.destroy(), 100);
        return;
      }
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    folder = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cut-off/`;
  });

  test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function keptModelFiles(page: Page): Promise<string[]> {
    return page.evaluate(async (prefix) => {
      const cache = await caches.open('transformers-cache');
      return (await cache.keys()).map((r) => r.url).filter((url) => url.startsWith(prefix));
    }, folder);
  }

  test('leaves no partial entry, and "Make available offline" resumes it later', async ({
    page,
  }) => {
    cutOff = true;
    await page.route('**/models.json', (route) =>
      route.fulfill({
        json: {
          hub: false,
          models: [
            {
              id: 'cut-off',
              name: 'Cut-off model',
              baseUrl: folder,
              dtype: { webgpu: 'q4', wasm: 'fp32' },
              sizes: { fp32: 44_361_729 },
              promptStyle: 'qwen-boxed',
              tir: false,
              languages: ['en'],
            },
          ],
        },
      }),
    );
    await page.goto('/?model=cut-off&backend=wasm');
    await page.getByRole('textbox', { name: 'Problem' }).fill('1+1');

    // A server without range requests sends whole files; one cut off leaves nothing.
    await page.getByRole('button', { name: 'Solve' }).click();
    await expect(page.getByRole('alert')).toContainText(
      'download of Cut-off model was interrupted',
      {
        timeout: 60_000,
      },
    );
    const afterSolve = await keptModelFiles(page);
    expect(afterSolve).toContain(`${folder}config.json`);
    expect(afterSolve.filter((url) => url.endsWith('.onnx'))).toEqual([]);
    await page.getByRole('button', { name: 'Dismiss' }).click();

    // "Make available offline" streams into the cache: Cache.put commits only a whole body.
    const keep = page.getByRole('button', { name: 'Make available offline' });
    await keep.click();
    await expect(page.getByRole('alert')).toContainText('interrupted', { timeout: 60_000 });
    expect((await keptModelFiles(page)).filter((url) => url.endsWith('.onnx'))).toEqual([]);
    await page.getByRole('button', { name: 'Dismiss' }).click();

    // The host recovers: pressing again fetches only what is missing, whole.
    cutOff = false;
    await keep.click();
    await expect(page.getByRole('status', { name: 'Offline' })).toContainText(
      'Cut-off model is kept on this device',
      { timeout: 60_000 },
    );
    const onnx = await page.evaluate(async (url) => {
      const response = await (await caches.open('transformers-cache')).match(url);
      return {
        length: Number(response?.headers.get('content-length')),
        bytes: (await response?.arrayBuffer())?.byteLength,
      };
    }, `${folder}onnx/model.onnx`);
    const size = readFileSync(path.join(modelDir, 'onnx', 'model.onnx')).length;
    expect(onnx).toEqual({ length: size, bytes: size });

    // And the solver now loads it from the cache alone, with the host failing again.
    cutOff = true;
    await page.getByRole('button', { name: 'Solve' }).click();
    await expect(page.getByRole('region', { name: 'Answer' })).toHaveAttribute(
      'data-answer-latex',
      expectedScript().answerLatex,
      { timeout: 90_000 },
    );
  });
});
