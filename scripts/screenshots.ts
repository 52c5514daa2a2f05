/**
 * `npm run screenshots -- [--url http://localhost:4173] [--out docs/screenshots]`:
 * the main flows at 360 px and 1280 px, in English and Chinese, in a fresh
 * browser profile with default settings, against a running `npm start`. The
 * scripted test model stands in for a real one, so what the pictures show is
 * the app, not the model's mathematics.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:4173' },
    out: { type: 'string', default: 'docs/screenshots' },
    only: { type: 'string' },
  },
});
const base = values.url;
const out = path.resolve(values.out);
mkdirSync(out, { recursive: true });

const WIDTHS = { phone: 360, desktop: 1280 } as const;
type Lang = 'en' | 'zh';

const text = {
  en: { solve: 'Solve', help: 'Help', hints: 'Hints', next: 'Next hint', models: 'Models' },
  zh: { solve: '求解', help: '帮助方式', hints: '提示', next: '下一个提示', models: '模型' },
} as const;

async function newPage(browser: Browser, width: number, lang: Lang): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height: width < 500 ? 780 : 900 },
    deviceScaleFactor: width < 500 ? 2 : 1,
    locale: lang === 'zh' ? 'zh-CN' : 'en-US',
    hasTouch: width < 500,
  });
  return context.newPage();
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage });
  console.log(`wrote ${name}.png`);
}

async function solved(page: Page, lang: Lang, hints = false): Promise<void> {
  const t = text[lang];
  await page.goto(`${base}/?model=tiny-qwen2-scripted&lang=${lang}`);
  await page.locator('#problem').fill(lang === 'zh' ? '求 $3 + 4$ 的值。' : 'What is $3 + 4$?');
  if (hints) await page.getByRole('combobox', { name: t.help }).selectOption(t.hints);
  await page.getByRole('button', { name: t.solve }).click();
  if (hints) {
    const next = page.getByRole('button', { name: t.next });
    await next.click({ timeout: 180_000 });
    await next.click({ timeout: 180_000 });
  } else {
    await page.locator('[data-answer-latex]').waitFor({ timeout: 180_000 });
  }
  await page.locator('.katex').first().waitFor();
}

async function run(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking'],
  });
  try {
    for (const lang of ['en', 'zh'] as const) {
      for (const [device, width] of Object.entries(WIDTHS)) {
        const prefix = `${device}-${lang}`;
        if (values.only && !prefix.includes(values.only)) continue;
        const page = await newPage(browser, width, lang);
        await page.goto(`${base}/?lang=${lang}`);
        await page.locator('#problem').waitFor();
        await shot(page, `${prefix}-start`, false);

        await solved(page, lang);
        await shot(page, `${prefix}-solution`);
        await page.getByRole('button', { name: text[lang].models }).click();
        await page.locator('.stored-models li').first().waitFor();
        await page.locator('.stored-models').scrollIntoViewIfNeeded();
        await shot(page, `${prefix}-stored-models`, false);
        await page.context().close();

        const hints = await newPage(browser, width, lang);
        await solved(hints, lang, true);
        await shot(hints, `${prefix}-hints`);
        await hints.context().close();
      }
    }
  } finally {
    await browser.close();
  }
}

await run();
