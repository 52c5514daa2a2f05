import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';

/**
 * Every test fails if the page (or any of its workers) tried to reach
 * anything but localhost: the tutor must run with no network but its own
 * origin.
 */
export const test = base.extend<{ offsite: string[] }>({
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
});

export { expect };

const modelsDir = path.resolve(import.meta.dirname, '..', '.test-models', 'models');

export interface Expected {
  text: string;
  answerLatex: string;
}

export function expectedScript(model = 'tiny-qwen2-scripted'): Expected {
  return JSON.parse(readFileSync(path.join(modelsDir, model, 'expected.json'), 'utf8')) as Expected;
}
