/// <reference lib="webworker" />
/**
 * The LLM worker entry. Generation runs here so the main thread only appends
 * text; ONNX Runtime's wasm is served by the app itself (never a CDN), which is
 * what lets the tutor run offline and inside a school network.
 */
import { env } from '@huggingface/transformers';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { isWasmThread } from '../wasm-thread';
import { LlmEngine } from './engine';
import { createLlmHandler } from './handler';
import type { LlmRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

// In a cross-origin isolated page onnxruntime-web may run this chunk again as
// a WASM thread; that copy must leave Emscripten's handler alone (src/engines/wasm-thread.ts).
if (!isWasmThread(self.name)) {
  const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown } };
  if (onnx.wasm) onnx.wasm.wasmPaths = { wasm: new URL(ortWasmUrl, self.location.href).href };

  const handle = createLlmHandler(new LlmEngine(), (reply) => self.postMessage(reply));
  self.onmessage = (event: MessageEvent<LlmRequest>) => {
    void handle(event.data);
  };
}
