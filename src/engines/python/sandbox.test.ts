/**
 * Model-written code must reach no network, storage, host file system or
 * other programs. Every attempt below fails with a message that says so,
 * and a local server proves that nothing got out.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodePythonRunner } from './node';
import type { PythonProxy } from './proxy';

let python: PythonProxy;
let server: http.Server;
let url = '';
let port = 0;
const seen = { requests: 0, connections: 0, upgrades: 0 };
const marker = path.join(os.tmpdir(), `math-tutor-sandbox-${process.pid}`);
const run = (code: string) => python.run(code, { session: 'attacker' });

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    seen.requests++;
    res.end('secret');
  });
  server.on('connection', () => seen.connections++);
  server.on('upgrade', (_req, socket) => {
    seen.upgrades++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}/`;
  python = await createNodePythonRunner({ timeoutMs: 8000 });
  await python.warm();
});

afterAll(async () => {
  python?.dispose();
  await new Promise((resolve) => server?.close(resolve));
  // The proof: whatever Python tried, nothing reached the server or the host.
  expect(seen).toEqual({ requests: 0, connections: 0, upgrades: 0 });
  expect(existsSync(marker)).toBe(false);
});

const NETWORK = /blocked: Python code here runs offline|Network access is disabled/;
const STORAGE = /blocked: Python code here cannot read or write the browser's storage/;
const NO_JS = /blocked: Python code here cannot run JavaScript/;

describe("Python's bridge to JavaScript", () => {
  it.each([
    ['fetch', () => `import js\njs.fetch("${url}")`, NETWORK],
    ['from js import fetch', () => 'from js import fetch', NETWORK],
    [
      'XMLHttpRequest',
      () => `import js\nx = js.XMLHttpRequest.new()\nx.open("GET", "${url}")`,
      NETWORK,
    ],
    ['WebSocket', () => `import js\njs.WebSocket.new("ws://127.0.0.1:${port}/")`, NETWORK],
    ['importScripts', () => `import js\njs.importScripts("${url}")`, NETWORK],
    ['IndexedDB', () => 'import js\njs.indexedDB.open("db")', STORAGE],
    ['Cache Storage', () => 'import js\njs.caches.open("cache")', STORAGE],
    ['eval', () => 'import js\njs.eval("1")', NO_JS],
    ['setTimeout with a string', () => 'import js\njs.setTimeout("1", 0)', NO_JS],
  ])('refuses %s with a clear error', async (_name, code, message) => {
    const result = await run(code());
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(message);
  });

  it('hides the global scope, the process and require', async () => {
    for (const name of ['globalThis', 'self', 'process', 'require', 'document', 'navigator']) {
      const result = await run(`import js\njs.${name}`);
      expect(result).toMatchObject({ ok: false });
      expect(result.output).toMatch(/not available to Python code in this sandbox/);
    }
  });

  it('cannot make code from strings through any Function constructor', async () => {
    for (const code of [
      'import js\njs.Object.constructor("return process")()',
      'import js\njs.Object.constructor.new("return globalThis")',
      'from pyodide.ffi import to_js\nto_js([1]).constructor.constructor("return process")()',
      'from pyodide.code import run_js\nrun_js("globalThis.fetch")',
    ]) {
      const result = await run(code);
      expect(result.ok).toBe(false);
      expect(result.output).toMatch(NO_JS);
    }
  });

  it('gives access to no JavaScript object but the curated `js` module', async () => {
    // Walks everything reachable from the module table, as an attacker would.
    const result = await run(`
import gc, sys
from pyodide.ffi import JsProxy
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
print(sorted(names & {"loadPackage", "mountNodeFS", "_module", "_api", "FS", "fetch", "process", "globalThis"}))`);
    expect(result).toEqual({ output: '[]', ok: true });
  });
});

describe('Python modules that reach out', () => {
  it.each([
    [
      'import pyodide.http',
      /^ImportError: pyodide.http is unavailable: Python code here runs offline/,
    ],
    ['from pyodide.http import pyfetch', /^ImportError: pyodide.http is unavailable/],
    ['from pyodide import http', /^ImportError: pyodide.http is unavailable/],
    ['import micropip', /^ImportError: micropip is unavailable: Python code here runs offline/],
    ['import pyodide_js', /^ImportError: pyodide_js is unavailable/],
    ['import ctypes', /^ImportError: ctypes is unavailable/],
  ])('%s fails with a clear error', async (code, message) => {
    const result = await run(code);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(message);
  });

  it('urllib, socket and the raw _socket cannot connect', async () => {
    expect((await run(`import urllib.request\nurllib.request.urlopen("${url}")`)).output).toMatch(
      /urlopen error Network access is disabled/,
    );
    expect(
      (await run(`import socket\nsocket.create_connection(("127.0.0.1", ${port}))`)).output,
    ).toMatch(/^OSError: Network access is disabled/);
    const raw = await run(
      `import _socket\ns = _socket.socket()\ns.connect(("127.0.0.1", ${port}))`,
    );
    expect(raw.ok).toBe(false);
  });
});

describe('the host', () => {
  it('is out of reach: no files, no programs', async () => {
    expect(
      (await run(`open(${JSON.stringify(path.resolve('package.json'))}).read()`)).output,
    ).toMatch(/^FileNotFoundError/);
    expect((await run(`import os\nos.system("touch ${marker}")`)).output).toMatch(
      /^OSError: Running other programs is disabled/,
    );
    expect((await run(`import subprocess\nsubprocess.run(["touch", "${marker}"])`)).ok).toBe(false);
  });

  it('stays out of reach when Python goes around its own blocks', async () => {
    // ctypes forced in past the import block: what it can call is disarmed on the JS side,
    // so the runtime stops, and a fresh worker takes over.
    const forced = `
import _imp, importlib.machinery as m, sys
mod = _imp.create_builtin(m.ModuleSpec("_ctypes", m.BuiltinImporter))
_imp.exec_builtin(mod)
sys.modules["_ctypes"] = mod
sys.meta_path = [f for f in sys.meta_path if "Blocked" not in repr(f)]
import ctypes
libc = ctypes.CDLL(None)`;
    const system = await run(`${forced}\nprint(libc.system(b"touch ${marker}"))`);
    expect(system.ok).toBe(false);
    expect(system.output).toMatch(/blocked/);
    const script = await run(
      `${forced}\nprint(libc.emscripten_run_script_string(b"fetch('${url}')"))`,
    );
    expect(script.ok).toBe(false);
    expect(script.output).toMatch(NO_JS);
    expect(await run('6 * 7')).toEqual({ output: '42', ok: true });
  });
});
