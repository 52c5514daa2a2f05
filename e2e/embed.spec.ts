import type { Page } from '@playwright/test';
import { normalizeAnswer } from '../src/core/answer/extract';
// For document.querySelector('math-tutor') typed as the element, with solve() and setProblem().
import type {} from '../src/embed/element';
import { expect, expectedScript, test } from './fixtures';
import { E2E_ORIGIN, E2E_PORT } from './port';

/**
 * The embed for real across origins: the course page is served from
 * 127.0.0.1 and loads embed.js (and so the tutor's iframe) from localhost.
 * Same server, two origins: the browser applies every cross-origin rule.
 */
const TUTOR = E2E_ORIGIN;
const COURSE = `http://127.0.0.1:${E2E_PORT}`;
const EXAMPLE = `${COURSE}/example-course.html`;

interface Recorded {
  type: string;
  detail: Record<string, unknown>;
  /** The id of the element that dispatched it ('' for the example page's). */
  from: string;
}
declare global {
  interface Window {
    __events: Recorded[];
  }
}

/** Opens the example course page from the course origin, recording the element's events. */
async function openCourse(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__events = [];
    for (const type of ['mathtutor:ready', 'mathtutor:solved', 'mathtutor:error']) {
      document.addEventListener(type, (event) => {
        const { detail, target } = event as CustomEvent;
        window.__events.push({ type, detail, from: (target as Element).id });
      });
    }
  });
  // The example page loads /embed.js from its own origin, as the documented
  // snippet does. Here that script comes from the tutor's origin instead (a
  // module that imports it: the page itself stays as served, because a page
  // answered by the test would count as public and be refused loopback
  // requests by Chromium's local network access checks).
  await page.route(`${COURSE}/embed.js`, (route) =>
    route.fulfill({ contentType: 'text/javascript', body: `import '${TUTOR}/embed.js';` }),
  );
  await page.goto(EXAMPLE);
}

function events(page: Page, type: string): Promise<Recorded[]> {
  return page.evaluate((t) => window.__events.filter((e) => e.type === t), type);
}

async function nextEvent(page: Page, type: string, seen = 0, timeout = 90_000) {
  await expect
    .poll(async () => (await events(page, type)).length, { timeout })
    .toBeGreaterThan(seen);
  return (await events(page, type))[seen]!;
}

const tutorFrame = (page: Page) => page.locator('math-tutor').locator('iframe').contentFrame();

test.describe('<math-tutor> on a course page of another origin', () => {
  test('becomes ready, solves on solve(), and reports the answer', async ({ page }) => {
    const expected = expectedScript();
    await openCourse(page);
    await nextEvent(page, 'mathtutor:ready', 0, 30_000);

    const iframe = page.locator('math-tutor').locator('iframe');
    const src = new URL((await iframe.getAttribute('src'))!);
    expect(src.origin).toBe(TUTOR);
    expect(src.searchParams.get('embed')).toBe('1');
    expect(src.searchParams.get('host')).toBe(COURSE);
    expect(src.searchParams.get('backend')).toBe('wasm');

    const tutor = tutorFrame(page);
    await expect(tutor.getByRole('textbox', { name: 'Problem' })).toHaveValue('What is 3+4?');
    // Embedded: no History panel and no title; the contract's controls stay.
    await expect(tutor.getByRole('region', { name: 'History' })).toHaveCount(0);
    await expect(tutor.getByRole('heading', { name: 'Math Tutor' })).toHaveCount(0);
    await expect(tutor.getByRole('combobox', { name: 'Model' })).toHaveValue('tiny-qwen2-scripted');

    await page.evaluate(() => document.querySelector('math-tutor')!.solve());
    const solved = await nextEvent(page, 'mathtutor:solved');
    expect(solved.detail).toEqual({
      problem: 'What is 3+4?',
      answer: normalizeAnswer(expected.answerLatex),
      answerLatex: expected.answerLatex,
    });
    await expect(tutor.getByRole('region', { name: 'Answer' })).toHaveAttribute(
      'data-answer-latex',
      expected.answerLatex,
    );
    // The example page's own log (documentation) heard it too.
    await expect(page.getByRole('list', { name: 'Tutor events' })).toContainText(
      'mathtutor:solved',
    );
    expect(await events(page, 'mathtutor:error')).toEqual([]);

    // The app reports its height and the element fits the iframe to it.
    await expect
      .poll(async () => {
        const frameHeight = (await iframe.boundingBox())?.height ?? 0;
        const content = await tutor
          .locator('#root')
          .evaluate((root) => root.getBoundingClientRect().height);
        return Math.abs(frameHeight - Math.max(240, Math.ceil(content)));
      })
      .toBeLessThanOrEqual(1);
  });

  test('"With Python" works embedded: the engine frame nests in the tutor\'s frame', async ({
    page,
  }) => {
    const expected = expectedScript('tiny-qwen2-tir');
    await openCourse(page);
    await page.evaluate(() => {
      const tutor = document.createElement('math-tutor');
      tutor.id = 'python';
      const attributes = { problem: 'What is 3 + 4?', model: 'tiny-qwen2-tir', mode: 'tir' };
      for (const [name, value] of Object.entries({ ...attributes, backend: 'wasm' })) {
        tutor.setAttribute(name, value);
      }
      document.body.append(tutor);
    });
    const from = async (type: string) =>
      (await events(page, type)).filter((event) => event.from === 'python');
    await expect.poll(() => from('mathtutor:ready'), { timeout: 30_000 }).toHaveLength(1);
    await page.evaluate(() =>
      (document.getElementById('python') as HTMLElement & { solve(): void }).solve(),
    );
    await expect
      .poll(async () => (await from('mathtutor:solved')).map((e) => e.detail.answerLatex), {
        timeout: 120_000,
      })
      .toEqual([expected.answerLatex]);
    const tutor = page.locator('#python').locator('iframe').contentFrame();
    await expect(tutor.getByRole('region', { name: 'Solution' })).toContainText(/output\s*7/i);
    await expect(tutor.locator('iframe[title="Python engine"]')).toHaveAttribute(
      'sandbox',
      'allow-scripts',
    );
    expect(await events(page, 'mathtutor:error')).toEqual([]);
  });

  test('setProblem replaces the problem, and a solve right after it solves the new one', async ({
    page,
  }) => {
    await openCourse(page);
    await nextEvent(page, 'mathtutor:ready', 0, 30_000);
    const problem = tutorFrame(page).getByRole('textbox', { name: 'Problem' });

    await page.evaluate(() => document.querySelector('math-tutor')!.setProblem('What is 5+8?'));
    await expect(problem).toHaveValue('What is 5+8?');
    // The `problem` attribute does the same.
    await page.evaluate(() =>
      document.querySelector('math-tutor')!.setAttribute('problem', 'What is 1+1?'),
    );
    await expect(problem).toHaveValue('What is 1+1?');

    await page.evaluate(() => {
      const tutor = document.querySelector('math-tutor')!;
      tutor.setProblem('What is 12+30?');
      tutor.solve();
    });
    const solved = await nextEvent(page, 'mathtutor:solved');
    expect(solved.detail.problem).toBe('What is 12+30?');
  });

  test('a model that cannot be loaded gives mathtutor:error with a code and a message', async ({
    page,
  }) => {
    await page.route('**/models/tiny-qwen2-scripted/onnx/**', (route) =>
      route.fulfill({ status: 404, body: 'Not found' }),
    );
    await openCourse(page);
    await nextEvent(page, 'mathtutor:ready', 0, 30_000);
    await page.evaluate(() => document.querySelector('math-tutor')!.solve());
    const error = await nextEvent(page, 'mathtutor:error', 0, 60_000);
    expect(error.detail.code).toBe('model-missing');
    expect(error.detail.message).toEqual(expect.stringContaining('could not be downloaded'));
    expect(await events(page, 'mathtutor:solved')).toEqual([]);
    await expect(tutorFrame(page).getByRole('alert')).toContainText('missing on the server');
  });

  test('the tutor ignores commands from any window but its host', async ({ page }) => {
    await openCourse(page);
    await nextEvent(page, 'mathtutor:ready', 0, 30_000);
    const problem = tutorFrame(page).getByRole('textbox', { name: 'Problem' });
    await page.evaluate(() => document.querySelector('math-tutor')!.setProblem('from the host'));
    await expect(problem).toHaveValue('from the host');

    // Another frame on the course page (same origin as the host, so only the
    // source check can tell it apart) tries to drive the tutor.
    await page.evaluate(() => {
      const other = document.createElement('iframe');
      other.name = 'other-widget';
      other.srcdoc = '<p>another widget</p>';
      document.body.append(other);
      return new Promise((resolve) => other.addEventListener('load', resolve));
    });
    await page.frame({ name: 'other-widget' })!.evaluate((tutorOrigin) => {
      const target = parent.document
        .querySelector('math-tutor')!
        .shadowRoot!.querySelector('iframe')!.contentWindow!;
      const envelope = { source: 'math-tutor', version: 1 };
      target.postMessage({ ...envelope, type: 'setProblem', problem: 'forged' }, tutorOrigin);
      target.postMessage({ ...envelope, type: 'solve' }, tutorOrigin);
    }, TUTOR);
    // From the right window, but another version or source.
    await page.evaluate((tutorOrigin) => {
      const target = document.querySelector('math-tutor')!.shadowRoot!.querySelector('iframe')!
        .contentWindow!;
      target.postMessage(
        { source: 'math-tutor', version: 2, type: 'setProblem', problem: 'forged v2' },
        tutorOrigin,
      );
      target.postMessage(
        { source: 'other', version: 1, type: 'setProblem', problem: 'forged source' },
        tutorOrigin,
      );
    }, TUTOR);
    await page.waitForTimeout(1000);
    await expect(problem).toHaveValue('from the host');
    expect(await events(page, 'mathtutor:solved')).toEqual([]);

    // The host's own solve still works, on the host's problem, and is the only one.
    await page.evaluate(() => document.querySelector('math-tutor')!.solve());
    const solved = await nextEvent(page, 'mathtutor:solved');
    expect(solved.detail.problem).toBe('from the host');
    expect(await events(page, 'mathtutor:solved')).toHaveLength(1);
    expect(await events(page, 'mathtutor:error')).toEqual([]);
  });

  test('the tutor ignores its parent when the parent is not the host it was given', async ({
    page,
  }) => {
    await openCourse(page);
    await nextEvent(page, 'mathtutor:ready', 0, 30_000);
    // A page (here the course origin) frames the tutor but names another host.
    await page.evaluate((tutor) => {
      const received: unknown[] = [];
      (window as unknown as { __fromImpostor: unknown[] }).__fromImpostor = received;
      const frame = document.createElement('iframe');
      frame.name = 'impostor';
      frame.src = `${tutor}/?embed=1&host=${encodeURIComponent('https://school.example')}&model=tiny-qwen2-scripted&backend=wasm`;
      window.addEventListener('message', (event) => {
        if (event.source === frame.contentWindow) received.push(event.data);
      });
      document.body.append(frame);
    }, TUTOR);
    const impostor = page.frameLocator('iframe[name="impostor"]');
    const problem = impostor.getByRole('textbox', { name: 'Problem' });
    await expect(problem).toHaveValue('');
    await expect(impostor.getByRole('combobox', { name: 'Model' })).toHaveValue(
      'tiny-qwen2-scripted',
    );
    await page.evaluate(
      (tutor) =>
        (
          document.querySelector('iframe[name="impostor"]') as HTMLIFrameElement
        ).contentWindow!.postMessage(
          { source: 'math-tutor', version: 1, type: 'setProblem', problem: 'forged' },
          tutor,
        ),
      TUTOR,
    );
    await page.waitForTimeout(1000);
    await expect(problem).toHaveValue('');
    // And what it says is addressed to school.example, so this page hears nothing.
    expect(
      await page.evaluate(
        () => (window as unknown as { __fromImpostor: unknown[] }).__fromImpostor,
      ),
    ).toEqual([]);
  });

  test('the element hears only its own iframe', async ({ page }) => {
    await openCourse(page);
    await nextEvent(page, 'mathtutor:ready', 0, 30_000);
    const forged = {
      source: 'math-tutor',
      version: 1,
      type: 'solved',
      problem: 'forged',
      answer: '1',
      answerLatex: '1',
    };
    // The page itself, then another frame of the page's origin, claim a solve.
    await page.evaluate((message) => window.postMessage(message, '*'), forged);
    await page.evaluate((message) => {
      const other = document.createElement('iframe');
      other.srcdoc = `<script>parent.postMessage(${JSON.stringify(message)}, '*')</script>`;
      document.body.append(other);
      // Its script has run (and posted) by the time it fires load.
      return new Promise((resolve) => other.addEventListener('load', resolve));
    }, forged);

    // A second tutor on the page: the same origin as the first one's iframe,
    // so only the source check keeps what it says away from the first.
    await page.evaluate(() => {
      const second = document.createElement('math-tutor');
      second.id = 'second';
      second.setAttribute('problem', 'What is 1+2?');
      document.body.append(second);
    });
    await expect
      .poll(async () => (await events(page, 'mathtutor:ready')).map((e) => e.from), {
        timeout: 30_000,
      })
      .toContain('second');
    const frames = page.frames().filter((f) => f.url().startsWith(`${TUTOR}/?embed=1`));
    const first = frames.find((f) => f.url().includes('model=tiny-qwen2-scripted'))!;
    const second = frames.find((f) => f.url().includes('problem=What+is+1%2B2'))!;
    await second.evaluate((message) => parent.postMessage(message, '*'), forged);

    // From the first tutor's own window: another version, another source, a
    // malformed message, then a valid one. Delivered in order, so once the
    // valid one arrives the others have been read.
    await first.evaluate((message) => {
      parent.postMessage({ ...message, version: 2 }, '*');
      parent.postMessage({ ...message, source: 'other' }, '*');
      parent.postMessage({ ...message, type: 'resize', height: 'tall' }, '*');
      parent.postMessage(
        { source: 'math-tutor', version: 1, type: 'error', code: 'offline', message: 'probe' },
        '*',
      );
    }, forged);
    const probe = await nextEvent(page, 'mathtutor:error', 0, 10_000);
    expect(probe).toEqual({
      type: 'mathtutor:error',
      detail: { code: 'offline', message: 'probe' },
      from: '',
    });
    // The only solve heard is the second element's, from its own iframe.
    await expect
      .poll(async () => (await events(page, 'mathtutor:solved')).map((e) => e.from))
      .toEqual(['second']);
    await page.waitForTimeout(500);
    expect((await events(page, 'mathtutor:solved')).map((e) => e.from)).toEqual(['second']);

    // The first iframe now shows a page of another origin (as if the tutor had
    // been navigated away): the same window, so only the origin check is
    // left to refuse what it says, and the problem sent to it is addressed
    // to the tutor's origin, so the browser does not deliver it.
    await first.evaluate((url) => window.location.assign(url), `${COURSE}/favicon.svg`);
    await expect
      .poll(() => page.frames().some((f) => f.url() === `${COURSE}/favicon.svg`))
      .toBe(true);
    const away = page.frames().find((f) => f.url() === `${COURSE}/favicon.svg`)!;
    await away.evaluate((message) => {
      const got: unknown[] = [];
      (window as unknown as { __got: unknown[] }).__got = got;
      window.addEventListener('message', (event) => got.push(event.data));
      parent.postMessage(message, '*');
    }, forged);
    await page.evaluate(() => document.querySelector('math-tutor')!.setProblem('secret'));
    await page.waitForTimeout(1000);
    expect((await events(page, 'mathtutor:solved')).map((e) => e.from)).toEqual(['second']);
    const got = await away.evaluate(() => (window as unknown as { __got: unknown[] }).__got);
    expect(got).toEqual([]);
  });
});
