// onnxruntime-web's asyncify build: the one transformers.js (and so the app) runs.

import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import * as ort from 'onnxruntime-web/webgpu';
import { bareWorker } from './bare';

bareWorker(ort, new URL(wasmUrl, self.location.href).href);
