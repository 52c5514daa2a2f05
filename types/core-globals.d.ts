/**
 * The globals src/core may use: those a browser page, a worker and Node 20
 * all have. tsconfig.core.json type-checks src/core against these alone (no
 * DOM library, no Node types), so core code that reaches for `document`,
 * `window`, `navigator`, `caches`, `process` or `Buffer` does not compile.
 * Each is declared with only the members core uses: add a member when core
 * needs it, never a global that Node or a worker lacks.
 */

declare class URL {
  constructor(url: string | URL, base?: string | URL);
  href: string;
  origin: string;
  protocol: string;
  host: string;
  pathname: string;
  search: string;
  hash: string;
  readonly searchParams: URLSearchParams;
  toString(): string;
}

declare class URLSearchParams {
  constructor(init?: string | Record<string, string>);
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string): boolean;
  set(name: string, value: string): void;
  delete(name: string): void;
  toString(): string;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}

declare class DOMException extends Error {
  constructor(message?: string, name?: string);
}

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  throwIfAborted(): void;
}

declare var AbortSignal: {
  prototype: AbortSignal;
  abort(reason?: unknown): AbortSignal;
  timeout(milliseconds: number): AbortSignal;
};

declare const performance: { now(): number };

declare namespace WebAssembly {
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}

/** Core never fetches itself; code that needs the network takes `fetch` as a parameter. */
interface Response {
  readonly ok: boolean;
  readonly status: number;
  readonly type: string;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

interface RequestInit {
  cache?: 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache' | 'only-if-cached';
  credentials?: 'omit' | 'same-origin' | 'include';
  method?: string;
  mode?: 'cors' | 'no-cors' | 'same-origin' | 'navigate';
  signal?: AbortSignal | null;
}

declare function fetch(input: string | URL, init?: RequestInit): Promise<Response>;
