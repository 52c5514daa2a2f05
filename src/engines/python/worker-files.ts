/**
 * The worker's side of the file channel (protocol.ts, FileRequest): the
 * browser worker has no network of its own (client-frame.ts), so every file
 * it reads, Pyodide's included, is asked of the app's page by URL and arrives
 * as a transferred buffer (client-files.ts).
 */
import type { FileReply, FileRequest } from './protocol';

/** Content types that matter: WebAssembly.instantiateStreaming refuses any other for wasm. */
const TYPES: Record<string, string> = {
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
};

export class FileChannel {
  private readonly waiting = new Map<number, (reply: FileReply) => void>();
  private nextId = 1;

  constructor(private readonly ask: (request: FileRequest) => void) {}

  receive(reply: FileReply): void {
    const resolve = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    resolve?.(reply);
  }

  async bytes(url: string): Promise<Uint8Array> {
    return new Uint8Array(await this.buffer(url));
  }

  private async buffer(url: string): Promise<ArrayBuffer> {
    const id = this.nextId++;
    const reply = await new Promise<FileReply>((resolve) => {
      this.waiting.set(id, resolve);
      this.ask({ type: 'python-file', id, url });
    });
    if ('error' in reply) throw new Error(reply.error);
    return reply.bytes;
  }

  /** A `fetch` for Pyodide's loader, which reads its runtime files with the global one. */
  readonly fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const bytes = await this.buffer(url);
    const type = TYPES[/\.\w+$/.exec(new URL(url).pathname)?.[0] ?? ''];
    return new Response(bytes, type ? { headers: { 'Content-Type': type } } : {});
  };

  /**
   * Imports a module read through the channel, from a blob: URL of this
   * worker's own (a module from the app's origin cannot be imported here:
   * the worker's origin is opaque).
   */
  async import(url: string): Promise<unknown> {
    const blob = new Blob([await this.buffer(url)], { type: 'text/javascript' });
    const objectUrl = URL.createObjectURL(blob);
    try {
      return await import(/* @vite-ignore */ objectUrl);
    } finally {
      URL.revokeObjectURL(objectUrl);
    }
  }
}
