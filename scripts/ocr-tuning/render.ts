/**
 * Renders a problem as a picture in Debian's Chromium: prose in a chosen
 * font, math typeset by KaTeX (its own fonts, or the handwriting font for
 * handwriting-like pages), on plain, ruled or squared paper.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import katex from 'katex';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export interface RenderSpec {
  gt: string;
  /** Word problems are prose only: their "$" is money, not math. */
  content: 'word-problem' | 'katex-math';
  font: string;
  fontPx: number;
  widthCss: number;
  deviceScale: number;
  ink: string;
  paper: 'plain' | 'ruled' | 'grid';
  /** Set the math in the prose font too (handwriting), keeping KaTeX's layout. */
  mathInFont: boolean;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The problem as HTML: prose escaped, each formula typeset by KaTeX. */
export function problemHtml(text: string): string {
  const pattern = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\$([^$]+?)\$/g;
  let html = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    html += escapeHtml(text.slice(last, m.index));
    const display = m[1] ?? m[2];
    html += katex.renderToString(display ?? m[3] ?? '', {
      displayMode: display !== undefined,
      output: 'html',
      throwOnError: false,
    });
    last = (m.index ?? 0) + m[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

function paperCss(paper: RenderSpec['paper'], lineHeight: number): string {
  if (paper === 'ruled')
    return `background: #fff repeating-linear-gradient(#fff 0, #fff ${lineHeight - 2}px, #a9c4e8 ${lineHeight - 2}px, #a9c4e8 ${lineHeight}px);`;
  if (paper === 'grid')
    return `background-color: #fff; background-image: linear-gradient(#c9d7ea 1px, transparent 1px), linear-gradient(90deg, #c9d7ea 1px, transparent 1px); background-size: ${lineHeight / 2}px ${lineHeight / 2}px;`;
  return 'background: #fff;';
}

const ORIGIN = 'http://render.invalid';
const PAGE =
  '<!doctype html><html><head><link rel="stylesheet" href="katex.min.css"><style id="s"></style></head><body style="margin:0;background:#fff"><div id="card"></div></body></html>';

export class ProblemRenderer {
  private browser: Browser | null = null;
  private readonly pages = new Map<number, { context: BrowserContext; page: Page }>();

  async start(): Promise<void> {
    this.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }

  async close(): Promise<void> {
    await this.browser?.close();
    this.browser = null;
  }

  private async pageFor(scale: number): Promise<Page> {
    const known = this.pages.get(scale);
    if (known) return known.page;
    if (!this.browser) throw new Error('renderer not started');
    const context = await this.browser.newContext({
      deviceScaleFactor: scale,
      viewport: { width: 1400, height: 1000 },
    });
    // KaTeX's CSS and fonts come from node_modules through a made-up origin:
    // a page at about:blank may not load file: stylesheets or fonts.
    const require = createRequire(import.meta.url);
    const dist = path.join(path.dirname(require.resolve('katex/package.json')), 'dist');
    await context.route(`${ORIGIN}/**`, async (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      if (name === 'index.html') {
        await route.fulfill({ contentType: 'text/html', body: PAGE });
        return;
      }
      const file = path.join(dist, name);
      if (!file.startsWith(dist) || !existsSync(file)) {
        await route.fulfill({ status: 404 });
        return;
      }
      await route.fulfill({ body: readFileSync(file) });
    });
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/index.html`);
    this.pages.set(scale, { context, page });
    return page;
  }

  /** A PNG of the rendered problem. */
  async render(spec: RenderSpec): Promise<Buffer> {
    const page = await this.pageFor(spec.deviceScale);
    const lineHeight = Math.round(spec.fontPx * 1.75);
    const mathFont = spec.mathInFont
      ? `#card .katex, #card .katex * { font-family: '${spec.font}' !important; }`
      : '';
    const css = `#card { display: inline-block; box-sizing: border-box; width: ${spec.widthCss}px;
      padding: ${lineHeight}px ${Math.round(spec.fontPx * 1.6)}px; font-family: '${spec.font}';
      font-size: ${spec.fontPx}px; line-height: ${lineHeight}px; color: ${spec.ink};
      ${paperCss(spec.paper, lineHeight)} } ${mathFont}`;
    await page.evaluate(
      ({ css, html }) => {
        (document.getElementById('s') as HTMLStyleElement).textContent = css;
        (document.getElementById('card') as HTMLElement).innerHTML = html;
        return document.fonts.ready.then(() => undefined);
      },
      { css, html: spec.content === 'katex-math' ? problemHtml(spec.gt) : escapeHtml(spec.gt) },
    );
    return page.locator('#card').screenshot({ type: 'png' });
  }
}
