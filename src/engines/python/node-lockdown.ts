/**
 * Node's share of the sandbox, for the worker thread that runs Pyodide.
 * Pyodide's Node build keeps a real `require` in its closure and uses it at
 * run time (its `system()` spawns a shell through child_process; its sockets
 * go through `ws` and net), so hiding globals is not enough: the built-in
 * modules themselves are disarmed. A worker thread has its own instances of
 * them, so the main thread is unaffected.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);

const MODULES = [
  'child_process',
  'cluster',
  'dgram',
  'dns',
  'dns/promises',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'inspector',
  'module',
  'net',
  'repl',
  'tls',
  'tty',
  'v8',
  'vm',
  'worker_threads',
];

function stub(label: string): () => never {
  return () => {
    throw new Error(
      `${label} is blocked: Python code here cannot reach the file system, other programs or the network.`,
    );
  };
}

export function lockdownNode(): void {
  // All loaded before any is disarmed: disarming `module` ends require() itself.
  const loaded = MODULES.map((name) => [name, require(`node:${name}`)] as const);
  for (const [name, exports] of loaded as [string, Record<string, unknown>][]) {
    for (const key of Object.keys(exports)) {
      if (typeof exports[key] !== 'function') continue;
      try {
        exports[key] = stub(`${name}.${key}`);
      } catch {}
    }
  }
  // ES module namespaces of built-ins follow their CommonJS exports only when told to.
  syncBuiltinESMExports();

  const scope = globalThis as unknown as Record<string, unknown>;
  const real = process;
  // Emscripten reads a few of these at run time (os.getuid(), umask); nothing else is left.
  const standIn = {
    versions: { ...real.versions },
    version: real.version,
    platform: real.platform,
    arch: real.arch,
    env: {},
    argv: [],
    exitCode: undefined,
    getuid: () => 0,
    getgid: () => 0,
    umask: () => 0o022,
    cwd: () => '/',
    emitWarning: () => {},
  };
  Object.defineProperty(scope, 'process', { value: standIn, writable: false, configurable: false });
  // Pyodide puts a `require` on the global scope for its own packages (fs, child_process, ws).
  Object.defineProperty(scope, 'require', { value: stub('require'), configurable: false });
}
