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
import { createJsGlobals } from './sandbox';

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

/** Python's own import blocks are for clear messages; a program can remove them, as here. */
const AROUND_BLOCKS =
  'import sys\nsys.meta_path = [f for f in sys.meta_path if "Blocked" not in repr(f)]\n';

describe("Python's bridge to JavaScript", () => {
  it.each([
    ['import js', 'js'],
    ['from js import fetch', 'js'],
    ['import pyodide.ffi', 'pyodide.ffi'],
    ['from pyodide.ffi import to_js', 'pyodide.ffi'],
    ['from pyodide.code import run_js', 'pyodide.code'],
  ])('%s fails with a clear error', async (code, module) => {
    expect(await run(code)).toEqual({
      ok: false,
      output: `ImportError: ${module} is unavailable: Python code here cannot use JavaScript.`,
    });
  });

  it('leaves no bridge on the pyodide package either', async () => {
    for (const name of ['ffi', 'code']) {
      expect(await run(`import pyodide\npyodide.${name}`)).toEqual({
        ok: false,
        output: `AttributeError: module 'pyodide' has no attribute '${name}'`,
      });
    }
  });

  it('reaches no JavaScript object of the engine or the host from the module table', async () => {
    // Walks everything reachable from the module table, as an attacker would.
    const result = await run(`
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
print(sorted(names & {"loadPackage", "mountNodeFS", "_module", "_api", "FS", "fetch", "process", "globalThis", "setTimeout"}))`);
    expect(result).toEqual({ output: '[]', ok: true });
  });

  it('starts Pyodide with a `js` module that holds nothing and names what it refuses', () => {
    const js = createJsGlobals() as Record<string, unknown>;
    for (const name of ['Math', 'JSON', 'setTimeout', 'Object']) expect(js[name]).toBeUndefined();
    expect(() => js.fetch).toThrow(NETWORK);
    expect(() => js.indexedDB).toThrow(STORAGE);
    expect(() => js.eval).toThrow(NO_JS);
    expect(() => js.globalThis).toThrow(/not available to Python code in this sandbox/);
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
});

// Last: these remove Python's own import blocks for the rest of the worker's life.
describe('when Python goes around its own blocks', () => {
  it('finds no `js` module at all', async () => {
    expect(await run(`${AROUND_BLOCKS}import js`)).toEqual({
      ok: false,
      output: "ModuleNotFoundError: No module named 'js'",
    });
  });

  it('cannot make code from strings through any Function constructor', async () => {
    for (const code of [
      'from pyodide.ffi import to_js\nto_js([1]).constructor.constructor("return process")()',
      'from pyodide.ffi import to_js\nto_js({}).constructor.constructor.new("return globalThis")',
    ]) {
      const result = await run(`${AROUND_BLOCKS}${code}`);
      expect(result.ok, code).toBe(false);
      expect(result.output, code).toMatch(NO_JS);
    }
    // Pyodide's own road to eval goes through the `js` module, which is gone.
    expect(await run('from pyodide.code import run_js\nrun_js("globalThis.fetch")')).toEqual({
      ok: false,
      output: "ModuleNotFoundError: No module named 'js'",
    });
  });

  it('ctypes forced in reaches neither the host nor the network', async () => {
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
