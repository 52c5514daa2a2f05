import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';

/**
 * Every test fails if the page (or any of its workers) tried to reach
 * anything but localhost: the tutor must run with no network but its own
 * origin.
 */
export const test = base.extend<{ offsite: string[]; alertTexts: string[] }>({
  offsite: [
    async ({ context }, use) => {
      const offsite: string[] = [];
      await context.route(
        (url) =>
          !['localhost', '127.0.0.1'].includes(url.hostname) &&
          url.protocol !== 'data:' &&
          url.protocol !== 'blob:',
        async (route) => {
          offsite.push(route.request().url());
          await route.abort('blockedbyclient');
        },
      );
      await use(offsite);
      expect(offsite, 'requests that left localhost').toEqual([]);
    },
    { auto: true },
  ],
  /**
   * Every alert any page of the test showed, as the student saw it (visible
   * text: a closed "Details" does not count). None may show an exception's
   * own text (CONTRACT.md).
   */
  alertTexts: [
    async ({ context }, use) => {
      const seen: string[] = [];
      await context.exposeBinding('__recordAlert', (_source, text: string) => {
        seen.push(text);
      });
      await context.addInitScript(() => {
        const record = (window as unknown as { __recordAlert: (t: string) => void }).__recordAlert;
        const last = new WeakMap<Element, string>();
        const scan = () => {
          for (const alert of document.querySelectorAll('[role="alert"]')) {
            // The rendered text on purpose: a closed "Details" is not seen by the student.
            // biome-ignore lint/performance/useDomNodeTextContent: see above
            const text = (alert as HTMLElement).innerText;
            if (text && last.get(alert) !== text) {
              last.set(alert, text);
              record(text);
            }
          }
        };
        new MutationObserver(scan).observe(document, {
          subtree: true,
          childList: true,
          characterData: true,
        });
      });
      await use(seen);
      for (const text of seen) {
        expect(text, 'an alert showed an exception’s text').not.toMatch(EXCEPTION_TEXT);
      }
    },
    { auto: true },
  ],
});

const EXCEPTION_TEXT =
  /\b(TypeError|RangeError|SyntaxError|ReferenceError|DOMException|AbortError|Cannot read properties|is not a function|is not defined|undefined|\[object )/;

export { expect };

const modelsDir = path.resolve(import.meta.dirname, '..', '.test-models', 'models');

export interface Expected {
  text: string;
  answerLatex: string;
}

export function expectedScript(model = 'tiny-qwen2-scripted'): Expected {
  return JSON.parse(readFileSync(path.join(modelsDir, model, 'expected.json'), 'utf8')) as Expected;
}
