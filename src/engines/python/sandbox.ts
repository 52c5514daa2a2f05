/**
 * The JavaScript half of the Python sandbox, shared by the browser worker and
 * the Node worker thread. Model-written Python reaches JavaScript only through
 * Pyodide's bridge, so we (1) hand Pyodide a curated object as its `js` module
 * instead of the global scope, and (2) once Pyodide and its packages are
 * loaded, disarm the worker's own global scope: network, storage and
 * code-from-strings entry points become stubs that throw a clear error. (2)
 * matters because any JS object Python holds leads to the Function
 * constructor (`obj.constructor.constructor`), and from there to the real
 * global scope; with code generation and the network entry points disarmed,
 * that road ends nowhere. docs/python.md describes the whole design.
 */

/** Globals Python must never reach, with the reason its error gives. */
const NETWORK = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'EventSource',
  'importScripts',
  'Worker',
  'SharedWorker',
  'BroadcastChannel',
  'FontFace',
  'Notification',
  'RTCPeerConnection',
  'fetchLater',
] as const;
const STORAGE = [
  'indexedDB',
  'caches',
  'cookieStore',
  'localStorage',
  'sessionStorage',
  'webkitRequestFileSystem',
  'webkitRequestFileSystemSync',
] as const;
const CODE = ['eval', 'Function'] as const;
/** navigator's ways out; `storageBuckets` opens buckets with their own IndexedDB, caches and files. */
const NAVIGATOR_NETWORK = ['sendBeacon', 'serviceWorker'] as const;
const NAVIGATOR_STORAGE = ['storage', 'storageBuckets', 'locks'] as const;
const NAVIGATOR_DEVICES = ['usb', 'hid', 'serial', 'bluetooth'] as const;
const NAVIGATOR = [...NAVIGATOR_NETWORK, ...NAVIGATOR_STORAGE, ...NAVIGATOR_DEVICES];
/** Not stubbed in the scope (the worker needs them, or they are the scope), only hidden from `js`. */
const HIDDEN = [
  'self',
  'globalThis',
  'window',
  'document',
  'navigator',
  'location',
  'postMessage',
  'close',
  'onmessage',
  'addEventListener',
  'process',
  'require',
  'module',
  'Deno',
  'Bun',
  'WebAssembly',
] as const;

export const BLOCKED_GLOBALS: readonly string[] = [...NETWORK, ...STORAGE, ...CODE, ...HIDDEN];

export function blockedMessage(name: string): string {
  const navigatorName = name.startsWith('navigator.') ? name.slice('navigator.'.length) : '';
  const isIn = (list: readonly string[], value: string) => list.includes(value);
  if (isIn(NETWORK, name) || isIn(NAVIGATOR_NETWORK, navigatorName)) {
    return `${name} is blocked: Python code here runs offline and cannot use the network.`;
  }
  if (isIn(STORAGE, name) || isIn(NAVIGATOR_STORAGE, navigatorName)) {
    return `${name} is blocked: Python code here cannot read or write the browser's storage.`;
  }
  if (isIn(CODE, name)) {
    return `${name} is blocked: Python code here cannot run JavaScript.`;
  }
  return `${name} is not available to Python code in this sandbox.`;
}

export class SandboxError extends Error {
  override name = 'SandboxError';
}

function blocked(name: string): never {
  throw new SandboxError(blockedMessage(name));
}

/**
 * What `import js` gives Python while the engine starts: no JavaScript object
 * at all. Blocked names throw an error that says why (Python sees a
 * JsException naming what is blocked and why); anything else is absent. The
 * engine unregisters the module before the first program runs (engine.ts).
 */
export function createJsGlobals(): object {
  const blockedNames = new Set(BLOCKED_GLOBALS);
  return new Proxy(Object.create(null) as object, {
    get(target, key) {
      if (typeof key === 'string' && blockedNames.has(key)) blocked(key);
      return Reflect.get(target, key);
    },
    has(target, key) {
      return (typeof key === 'string' && blockedNames.has(key)) || Reflect.has(target, key);
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
    setPrototypeOf: () => false,
  });
}

type Timer = (handler: TimerHandler, timeout?: number, ...args: unknown[]) => number;

/**
 * Timers that take only functions: a string handler is code, evaluated in the
 * global scope. The handler is called without a `this`: a browser calls timer
 * callbacks with the real global scope as `this`, which Python would receive
 * with `create_proxy(f, capture_this=True)`. The timer itself is called on the
 * global scope, whatever the receiver (a browser refuses any other:
 * `js.setTimeout(f)` from Python would be an "Illegal invocation").
 */
function safeTimer<T extends (...args: never[]) => unknown>(timer: T): T {
  const wrapped = (handler: unknown, ...rest: unknown[]) => {
    if (typeof handler !== 'function') blocked('eval');
    const call = (...args: unknown[]) => Reflect.apply(handler, undefined, args);
    return Reflect.apply(timer as unknown as Timer, globalThis, [call, ...rest]);
  };
  return wrapped as unknown as T;
}

/** Throws when called or constructed (`new XMLHttpRequest()`, `new Function(...)`). */
function throwingFunction(name: string, label: string): (...args: unknown[]) => never {
  // biome-ignore lint/complexity/useArrowFunction: an arrow function cannot be constructed, and `new` must reach our message.
  const stub = function () {
    blocked(label);
  };
  Object.defineProperty(stub, 'name', { value: name });
  return stub as (...args: unknown[]) => never;
}

/** An object whose every property access throws. */
function throwingObject(label: string): object {
  return new Proxy(Object.create(null), {
    get: () => blocked(label),
    has: () => blocked(label),
    ownKeys: () => blocked(label),
  });
}

function replace(scope: object, name: string, value: unknown): void {
  try {
    Object.defineProperty(scope, name, { value, writable: false, configurable: false });
  } catch {
    // A non-configurable global (rare): fall back to assignment where allowed.
    try {
      (scope as Record<string, unknown>)[name] = value;
    } catch {}
  }
}

/**
 * Replaces `name` on `target` and wherever else its prototype chain defines
 * it. Shadowing is not enough: Chromium keeps a worker's `fetch`,
 * `indexedDB`, `caches`, `importScripts` and timers on
 * `WorkerGlobalScope.prototype`, and `navigator.storage` on
 * `WorkerNavigator.prototype`, where `Object.getOwnPropertyDescriptor` finds
 * the originals and `.call(self, …)` runs them.
 */
function replaceEverywhere(target: object, name: string, value: unknown): void {
  replace(target, name, value);
  for (let o = Object.getPrototypeOf(target) as object | null; o; o = Object.getPrototypeOf(o)) {
    if (Object.hasOwn(o, name)) replace(o, name, value);
  }
}

/** A stub of the same kind as `target[name]`: a function that throws, or an object that does. */
function stubFor(target: Record<string, unknown>, name: string, label: string): unknown {
  let current: unknown;
  try {
    current = target[name];
  } catch {}
  return typeof current === 'function' ? throwingFunction(name, label) : throwingObject(label);
}

/**
 * The Function constructors evaluate strings as code in the global scope, and
 * every function reaches them through `.constructor`. Replaced by stubs that
 * keep `instanceof` and `.name` working.
 */
function disarmCodeGeneration(scope: Record<string, unknown>): void {
  const kinds: [string, () => unknown][] = [
    ['Function', () => () => {}],
    ['AsyncFunction', () => async () => {}],
    ['GeneratorFunction', () => function* () {}],
    ['AsyncGeneratorFunction', () => async function* () {}],
  ];
  for (const [name, make] of kinds) {
    const proto = Object.getPrototypeOf(make()) as object;
    const stub = throwingFunction(name, 'Function');
    Object.defineProperty(stub, 'prototype', { value: proto });
    Object.defineProperty(proto, 'constructor', {
      value: stub,
      writable: false,
      configurable: false,
    });
    if (name === 'Function') replace(scope, 'Function', stub);
  }
  replace(scope, 'eval', throwingFunction('eval', 'eval'));
  replaceEverywhere(scope, 'setTimeout', safeTimer(setTimeout));
  replaceEverywhere(scope, 'setInterval', safeTimer(setInterval));
}

/**
 * Disarms the current global scope. Call once Pyodide, its packages and the
 * executor are loaded: from then on nothing in this worker can reach the
 * network, the origin's storage or a code-from-strings entry point.
 */
export function lockdownGlobalScope(): void {
  const scope = globalThis as unknown as Record<string, unknown>;
  for (const name of [...NETWORK, ...STORAGE]) {
    if (name in scope) replaceEverywhere(scope, name, stubFor(scope, name, name));
  }
  const nav = scope.navigator as Record<string, unknown> | undefined;
  if (nav) {
    for (const name of NAVIGATOR) {
      if (name in nav) replaceEverywhere(nav, name, stubFor(nav, name, `navigator.${name}`));
    }
  }
  disarmCodeGeneration(scope);
}

/**
 * Caps WebAssembly memory growth in this worker. Python then raises
 * MemoryError at the cap instead of growing the worker to 4 GB (wasm32's
 * limit), which can take a browser tab down with it. Emscripten grows memory
 * through `Memory.prototype.grow` and treats a throw as an allocation failure.
 */
export function limitWasmMemory(maxBytes: number): void {
  const proto = WebAssembly.Memory.prototype;
  const grow = proto.grow;
  Object.defineProperty(proto, 'grow', {
    value: function (this: WebAssembly.Memory, delta: number) {
      if (this.buffer.byteLength + delta * 65536 > maxBytes) {
        throw new RangeError(`WebAssembly memory limit of ${maxBytes} bytes reached`);
      }
      return grow.call(this, delta);
    },
    writable: false,
    configurable: false,
  });
}
