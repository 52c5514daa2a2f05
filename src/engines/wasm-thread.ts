/**
 * With threads (a cross-origin isolated page and env.wasm.numThreads > 1),
 * onnxruntime-web's bundled build starts each WASM thread as
 * `new Worker(import.meta.url, { name: 'em-pthread…' })`. Bundled into a
 * worker, import.meta.url is that worker's own chunk, so the chunk runs again
 * in every thread. There Emscripten's onmessage must stay in charge: a worker
 * entry that installs its own handler in a thread hides the thread's "load"
 * message, the thread never reports "loaded", and session creation waits
 * forever with the CPU idle (issue 14).
 *
 * Both workers that bundle onnxruntime-web check it before they set up: the
 * LLM worker (its own chunk holds ONNX Runtime) and the OCR worker (ONNX
 * Runtime sits in the formula reader's lazy chunk, which imports the OCR
 * worker's entry chunk, so that entry runs in every thread too).
 */
export function isWasmThread(name: string | undefined): boolean {
  return name?.startsWith('em-pthread') === true;
}
