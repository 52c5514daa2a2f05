/**
 * The Python engine's sandbox and limits in a real browser, which the Node
 * unit tests (src/engines/python/*.test.ts) cannot show: the worker in a
 * sandboxed frame, its global scope, IndexedDB, Cache Storage,
 * importScripts, XHR and WebSocket, and the page staying responsive while
 * Python spins (python-process.spec.ts has the frame's own process). The
 * harness page (e2e/harness/python.html) drives the
 * app's PythonClient from the built assets; the fixtures fail any test whose
 * page, frames or workers left localhost.
 */
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { HarnessWindow } from './harness/api';
import { E2E_PORT } from './port';
import { AROUND_BLOCKS, openHarness, run } from './python-harness';

/** Same-origin URLs that programs aim at; any request to one fails the test. */
const PROBE = '/__python-sandbox-probe__';

const NO_JS = 'is unavailable: Python code here cannot use JavaScript.';
const noModule = (name: string) => `ImportError: ${name} ${NO_JS}`;

/** Fails the test if anything requested a probe URL (same origin, so the fixture would not see it). */
async function watchProbes(page: Page): Promise<string[]> {
  const hits: string[] = [];
  await page.context().route(`**${PROBE}*`, async (route) => {
    hits.push(route.request().url());
    await route.fulfill({ status: 404, body: '' });
  });
  return hits;
}

/**
 * Runs in the Python worker: reaches for every network, storage and code entry
 * point the way a program holding `self` would, on the scope, the navigator
 * and wherever their prototypes define it (`getOwnPropertyDescriptor(proto,
 * name).value.call(self, …)`). Returns `where.name` → what happened.
 */
function attackGlobalScope(probe: string): Record<string, string> {
  const scope = self as unknown as Record<string, unknown>;
  const globals = [
    ...['fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'WebTransport', 'EventSource'],
    ...['importScripts', 'Worker', 'SharedWorker', 'BroadcastChannel', 'FontFace'],
    ...['indexedDB', 'caches', 'cookieStore', 'eval', 'Function', 'setTimeout', 'setInterval'],
  ];
  const navigatorNames = ['storage', 'storageBuckets', 'locks', 'serviceWorker', 'usb', 'hid'];
  const result: Record<string, string> = {};
  const attempt = (owner: object, target: object, name: string) => {
    const desc = Object.getOwnPropertyDescriptor(owner, name) as PropertyDescriptor;
    const where =
      owner !== target ? owner.constructor.name : target === self ? 'self' : 'navigator';
    try {
      const value: unknown = desc.get ? desc.get.call(target) : desc.value;
      if (typeof value === 'function') {
        // A URL, or for the timers and code constructors a string of code.
        const arg = /Timeout|Interval|eval|Function/.test(name) ? 'fetch(1)' : probe;
        Reflect.apply(value, target, [arg, 0]);
        Reflect.construct(value as new (...args: unknown[]) => unknown, [arg]);
      } else {
        // indexedDB.open, caches.open, storage.getDirectory…: any property will do.
        void (value as Record<string, unknown>).open;
      }
      result[`${where}.${name}`] = 'REACHED';
    } catch (error) {
      result[`${where}.${name}`] = `${(error as Error).name}: ${(error as Error).message}`;
    }
  };
  const everywhere = (target: object, names: string[]) => {
    for (const name of names) {
      for (let o: object | null = target; o; o = Object.getPrototypeOf(o)) {
        if (Object.hasOwn(o, name)) attempt(o, target, name);
      }
    }
  };
  everywhere(self, globals);
  everywhere(scope.navigator as object, navigatorNames);
  return result;
}

/**
 * Evaluates `fn(arg)` in the page's Python worker over the DevTools protocol.
 * Playwright's `worker.evaluate` cannot: it runs code through the worker's
 * `eval`, which the sandbox has disarmed. Playwright's CDP sessions each talk
 * to one target, so a browser session relays to the worker (the protocol's
 * non-flattened mode).
 */
async function evaluateInPythonWorker<A, R>(
  page: Page,
  browser: Browser,
  fn: (arg: A) => R,
  arg: A,
): Promise<R> {
  const pageSession = await page.context().newCDPSession(page);
  const { targetInfo } = await pageSession.send('Target.getTargetInfo');
  await pageSession.detach();
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const workers = targetInfos.filter(
      (t) => t.type === 'worker' && t.browserContextId === targetInfo.browserContextId,
    );
    expect(workers, 'the Python worker').toHaveLength(1);
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: workers[0]!.targetId,
      flatten: false,
    });
    const reply = new Promise<{ result?: { result: { value: R }; exceptionDetails?: unknown } }>(
      (resolve) =>
        cdp.on('Target.receivedMessageFromTarget', (event) => {
          const message = JSON.parse(event.message);
          if (event.sessionId === sessionId && message.id === 1) resolve(message);
        }),
    );
    const expression = `(${fn.toString()})(${JSON.stringify(arg)})`;
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({
        id: 1,
        method: 'Runtime.evaluate',
        params: { expression, returnByValue: true },
      }),
    });
    const { result } = await reply;
    if (!result || result.exceptionDetails) {
      throw new Error(`evaluation in the worker failed: ${JSON.stringify(result)}`);
    }
    return result.result.value;
  } finally {
    await cdp.detach();
  }
}

test.describe('Python sandbox in the browser worker', () => {
  // Pyodide and sympy take several seconds to start in Chromium here, once per test and
  // again after every restart.
  test.setTimeout(180_000);

  test('Python has no bridge to JavaScript and reaches no network', async ({ page }) => {
    const probes = await watchProbes(page);
    await openHarness(page);
    const cases: [string, string][] = [
      ['import js', noModule('js')],
      ['from js import fetch', noModule('js')],
      ['from pyodide.ffi import create_proxy', noModule('pyodide.ffi')],
      ['from pyodide.code import run_js\nrun_js("fetch(1)")', noModule('pyodide.code')],
      ['import pyodide\npyodide.ffi', "AttributeError: module 'pyodide' has no attribute 'ffi'"],
      [
        'from pyodide.http import pyfetch',
        'ImportError: pyodide.http is unavailable: Python code here runs offline and cannot make network requests.',
      ],
      [
        'import pyodide.http',
        'ImportError: pyodide.http is unavailable: Python code here runs offline and cannot make network requests.',
      ],
      [
        'import micropip',
        'ImportError: micropip is unavailable: Python code here runs offline and cannot install packages (sympy and mpmath are installed).',
      ],
      [
        'import pyodide_js',
        'ImportError: pyodide_js is unavailable: Python code here cannot control the Python engine.',
      ],
      [
        `import urllib.request\nurllib.request.urlopen("http://localhost:${E2E_PORT}${PROBE}")`,
        'urllib.error.URLError: <urlopen error Network access is disabled: Python code here runs offline>',
      ],
      [
        `import http.client\nc = http.client.HTTPConnection("localhost", ${E2E_PORT})\nc.request("GET", "${PROBE}")`,
        'OSError: Network access is disabled: Python code here runs offline',
      ],
      [
        `import socket\nsocket.create_connection(("localhost", ${E2E_PORT}))`,
        'OSError: Network access is disabled: Python code here runs offline',
      ],
      // Around its own blocks (last: they stay removed), Python finds no `js` module at all,
      // and the JavaScript objects it can make lead to no code.
      [`${AROUND_BLOCKS}import js`, "ModuleNotFoundError: No module named 'js'"],
      [
        'from pyodide.code import run_js\nrun_js("fetch(1)")',
        "ModuleNotFoundError: No module named 'js'",
      ],
      [
        'from pyodide.ffi import to_js\nto_js([1]).constructor.constructor("return fetch")()',
        'pyodide.ffi.JsException: SandboxError: Function is blocked: Python code here cannot run JavaScript.',
      ],
    ];
    for (const [code, line] of cases) {
      expect(await run(page, code), code).toMatchObject({ ok: false, output: line });
    }
    // Give anything that slipped out time to show up before the probes are checked.
    await page.waitForTimeout(500);
    expect(probes, 'requests from Python').toEqual([]);
  });

  test('Python reaches no JavaScript object of the engine or the worker', async ({ page }) => {
    await openHarness(page);
    // Walks everything reachable from the module table, as an attacker would.
    const walk = await run(
      page,
      `
import gc, sys
from _pyodide._core_docs import JsProxy
seen, found, stack = set(), [], [sys.modules, sys.meta_path, sys.path_hooks, __builtins__]
while stack:
    o = stack.pop()
    if id(o) in seen:
        continue
    seen.add(id(o))
    if isinstance(o, JsProxy):
        found.append(o)
        continue
    try:
        stack.extend(gc.get_referents(o))
    except Exception:
        pass
names = set()
for o in found:
    try:
        names.update(o.object_keys())
    except Exception:
        pass
risky = {"fetch", "XMLHttpRequest", "WebSocket", "importScripts", "indexedDB", "caches", "setTimeout",
         "navigator", "postMessage", "globalThis", "self", "loadPackage", "_module", "_api", "FS"}
print(sorted(names & risky))`,
    );
    expect(walk).toMatchObject({ ok: true, output: '[]' });
  });

  test("the worker's own global scope is disarmed, prototypes included", async ({
    page,
    browser,
  }) => {
    // What Python would find if it ever held the worker's `self`: every network, storage and
    // code entry point, wherever its prototype chains define it (Chromium keeps the originals
    // of fetch, indexedDB, caches, importScripts and the timers on WorkerGlobalScope.prototype).
    const probes = await watchProbes(page);
    await openHarness(page);
    const outcomes = await evaluateInPythonWorker(page, browser, attackGlobalScope, PROBE);
    await test.info().attach('outcomes', {
      body: JSON.stringify(outcomes, null, 2),
      contentType: 'application/json',
    });
    // The originals a Chromium worker keeps on its prototypes are among those checked.
    for (const name of ['fetch', 'indexedDB', 'caches', 'importScripts', 'setTimeout']) {
      expect(Object.keys(outcomes)).toContain(`WorkerGlobalScope.${name}`);
    }
    for (const name of ['storage', 'storageBuckets', 'locks']) {
      expect(Object.keys(outcomes)).toContain(`WorkerNavigator.${name}`);
    }
    for (const [where, outcome] of Object.entries(outcomes)) {
      expect(outcome, where).toMatch(
        /^SandboxError: \S+ (is blocked: Python code here|is not available to Python code)/,
      );
    }
    await page.waitForTimeout(500);
    expect(probes, 'requests from the worker').toEqual([]);
    // And Python still runs after all that.
    expect(await run(page, '6 * 7')).toMatchObject({ ok: true, output: '42' });
  });

  test('state carries between the runs of a session, never across sessions', async ({ page }) => {
    await openHarness(page);
    expect(await run(page, 'import math\nx = 41', { session: 'a' })).toMatchObject({ ok: true });
    expect(await run(page, 'math.floor(x + 1.5)', { session: 'a' })).toMatchObject({
      ok: true,
      output: '42',
    });
    expect(await run(page, 'x', { session: 'b' })).toMatchObject({
      ok: false,
      output: "NameError: name 'x' is not defined",
    });
    await page.evaluate(() => (window as unknown as HarnessWindow).pythonHarness.endSession('a'));
    expect(await run(page, 'x', { session: 'a' })).toMatchObject({
      ok: false,
      output: "NameError: name 'x' is not defined",
    });
  });

  test('an infinite loop ends with "Timeout Error" in its limit, and the page never freezes', async ({
    page,
  }) => {
    await openHarness(page, { timeoutMs: 3000 });
    expect(await run(page, 'x = 6', { session: 'a' })).toMatchObject({ ok: true });

    const spinning = run(page, 'while True:\n    pass', { session: 'a' });
    // While Python spins, the page answers at once, again and again.
    const pings: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = Date.now();
      await page.evaluate(() => document.title);
      pings.push(Date.now() - t0);
      await page.waitForTimeout(200);
    }
    const result = await spinning;
    expect(result).toMatchObject({ ok: false, output: 'Timeout Error' });
    expect(result.ms).toBeGreaterThanOrEqual(2900);
    expect(result.ms).toBeLessThan(3000 + 2000);
    // A frozen main thread would show one gap as long as the run.
    expect(Math.max(...pings), `page round trips ${pings}`).toBeLessThan(1000);
    expect(result.heartbeat.maxGapMs).toBeLessThan(1000);
    expect(result.heartbeat.ticks).toBeGreaterThan(50);

    // The worker was replaced, and the session's state replayed into the new one.
    expect(await run(page, 'x * 7', { session: 'a' })).toMatchObject({ ok: true, output: '42' });
    const states = await page.evaluate(() =>
      (window as unknown as HarnessWindow).pythonHarness.states(),
    );
    expect(states.filter((s) => s === 'ready')).toHaveLength(2);
    expect(states).toContain('stopped');
  });

  test('a memory bomb ends with MemoryError, and the next run works', async ({ page }) => {
    // The default cap (1 GiB of wasm heap) and time limit (10 s), as the app runs them.
    await openHarness(page);
    const bomb = await run(page, 'chunks = []\nwhile True:\n    chunks.append(bytearray(2**25))');
    test.info().annotations.push({
      type: 'memory bomb',
      description: `${bomb.output} after ${Math.round(bomb.ms)} ms`,
    });
    expect(bomb.ok).toBe(false);
    expect(bomb.output).toMatch(/^(MemoryError|Timeout Error)$/);
    expect(bomb.heartbeat.maxGapMs).toBeLessThan(1000);
    expect(await run(page, 'len("still here")')).toMatchObject({ ok: true, output: '10' });
    // Wasm memory never shrinks: the bloated worker was replaced by a fresh one.
    const states = await page.evaluate(() =>
      (window as unknown as HarnessWindow).pythonHarness.states(),
    );
    expect(states.filter((s) => s === 'ready')).toHaveLength(2);
  });

  test("sympy comes from the app's own packed copy, not a CDN", async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const info = await openHarness(page);
    expect(info).toMatchObject({
      packagesFrom: 'archive',
      packages: { sympy: expect.any(String), mpmath: expect.any(String) },
    });
    const result = await run(
      page,
      [
        'from sympy import symbols, solve, Matrix',
        'x = symbols("x")',
        'print(solve(x**2 - 5*x + 6, x), Matrix([[2, 1], [1, 2]]).eigenvals())',
      ].join('\n'),
    );
    expect(result).toMatchObject({ ok: true, output: '[2, 3] {3: 1, 1: 1}' });
    // Shipped as bytecode only: the packed archive, not a wheel from a package index.
    expect(await run(page, 'import sympy\nsympy.__file__')).toMatchObject({
      ok: true,
      output: expect.stringMatching(/site-packages\/sympy\/__init__\.pyc$/),
    });
    const origin = new URL(page.url()).origin;
    expect(requests.filter((url) => !url.startsWith(origin))).toEqual([]);
    expect(requests).toContainEqual(
      expect.stringMatching(/\/pyodide\/python-packages-[0-9a-f]{12}\.zip$/),
    );
  });
});
