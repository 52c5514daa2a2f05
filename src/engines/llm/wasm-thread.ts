/**
 * With threads (a cross-origin isolated page and env.wasm.numThreads > 1),
 * onnxruntime-web's bundled build starts each WASM thread as
 * `new Worker(import.meta.url, { name: 'em-pthread…' })`. Bundled into a
 * worker, import.meta.url is that worker's own chunk, so the chunk runs again
 * in every thread. There Emscripten's onmessage must stay in charge: a worker
 * entry that installs its own handler in a thread hides the thread's "load"
 * message, the thread never reports "loaded", and session creation waits
 * forever with the CPU idle (issue 14).
 */
export function isWasmThread(name: string | undefined): boolean {
  return name?.startsWith('em-pthread') === true;
}
