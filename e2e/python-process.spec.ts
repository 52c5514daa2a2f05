/**
 * The Python engine in a process of its own (src/engines/python/client-frame.ts):
 * a program that fills its worker's JavaScript heap ends its frame, not the
 * student's tab, and a page that refuses the frame still runs Python.
 */
import type { CDPSession } from '@playwright/test';
import { CHROMIUM } from './chromium';
import { expect, test } from './fixtures';
import type { HarnessWindow } from './harness/api';
import { AROUND_BLOCKS, HARNESS, openHarness, run } from './python-harness';

// A smaller JavaScript heap for every isolate, so the bomb below fills it in
// seconds, not in a minute and 4 GB; what is tested is where the crash lands.
test.use({
  launchOptions: { ...CHROMIUM, args: [...CHROMIUM.args, '--js-flags=--max-old-space-size=256'] },
});
test.setTimeout(240_000);

/**
 * Evaluates `fn(arg)` in the page over its own DevTools session. After a
 * heap bomb Playwright cannot: it reports the crash of any out-of-process
 * frame as the page's own ('crash' event), and every later call on the page
 * fails, although the page lives on.
 */
async function evaluateRaw<A, R>(session: CDPSession, fn: (arg: A) => R, arg: A): Promise<R> {
  const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
    expression: `(${fn.toString()})(${JSON.stringify(arg)})`,
    awaitPromise: true,
    returnByValue: true,
  });
  if (exceptionDetails) throw new Error(`evaluation failed: ${JSON.stringify(exceptionDetails)}`);
  return result.value as R;
}

test('a JavaScript-heap bomb ends the run and its frame, not the page', async ({
  page,
  browser,
}) => {
  await openHarness(page);
  const cdp = await browser.newBrowserCDPSession();
  const crashed: string[] = [];
  cdp.on('Target.targetCrashed', ({ targetId }) => crashed.push(targetId));
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  const pageSession = await page.context().newCDPSession(page);
  const { targetInfo: self } = await pageSession.send('Target.getTargetInfo');
  const ours = async () =>
    (await cdp.send('Target.getTargets')).targetInfos.filter(
      (t) => t.browserContextId === self.browserContextId,
    );
  // Chromium lists a frame as a target of its own only when it runs out of process.
  const frames = (await ours()).filter((t) => t.type === 'iframe' && t.url === 'about:srcdoc');
  expect(frames, 'the Python engine frame, out of process').toHaveLength(1);

  // What a determined program can do: remove its own import blocks and pile
  // JavaScript arrays onto the worker's heap (the wasm heap's cap does not
  // cover it). A time limit well past the crash: the process's end must
  // stop it, not the timer.
  const bomb = `${AROUND_BLOCKS}from pyodide.ffi import to_js
big = [0] * 2**22
keep = []
while True:
    keep.append(to_js(big))`;
  const result = await evaluateRaw(
    pageSession,
    (code) =>
      (window as unknown as HarnessWindow).pythonHarness.run(code, {
        session: 'bomb',
        timeoutMs: 180_000,
      }),
    bomb,
  );
  test.info().annotations.push({
    type: 'heap bomb',
    description: `${result.output} after ${Math.round(result.ms)} ms`,
  });
  expect(result).toMatchObject({ ok: false, output: 'MemoryError' });
  expect(crashed, 'crashed targets').toEqual([frames[0]!.targetId]);

  // The page lives on, and the next program runs in a fresh frame.
  const next = await evaluateRaw(
    pageSession,
    (code) => (window as unknown as HarnessWindow).pythonHarness.run(code, { session: 'after' }),
    '6 * 7',
  );
  expect(next).toMatchObject({ ok: true, output: '42' });
  expect(
    await evaluateRaw(
      pageSession,
      () => (window as unknown as HarnessWindow).pythonHarness.states(),
      null,
    ),
  ).toEqual(expect.arrayContaining(['ready', 'stopped']));
  expect((await ours()).filter((t) => t.type === 'iframe')).toHaveLength(1);
  await cdp.detach();
});

test('where the page refuses the frame, Python runs in a worker of the page', async ({ page }) => {
  await page.goto(HARNESS);
  await page.waitForFunction(() => 'pythonHarness' in window);
  // A policy without inline scripts, as a school's server might send: the frame's script is refused.
  await page.evaluate(() => {
    const policy = document.createElement('meta');
    policy.httpEquiv = 'Content-Security-Policy';
    policy.content = "script-src 'self'";
    document.head.append(policy);
  });
  await page.evaluate(() =>
    (window as unknown as HarnessWindow).pythonHarness.start({ frameConnectMs: 3000 }),
  );
  await page.evaluate(() => (window as unknown as HarnessWindow).pythonHarness.warm());
  expect(await run(page, 'import sympy\nsympy.sqrt(8)')).toMatchObject({
    ok: true,
    output: '2*sqrt(2)',
  });
  expect(page.workers().map((worker) => new URL(worker.url()).protocol)).toEqual(['http:']);
  await expect(page.locator('iframe')).toHaveCount(0);
});
