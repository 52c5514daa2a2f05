// onnxruntime-web's wasm build.

import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import * as ort from 'onnxruntime-web/wasm';
import { bareWorker } from './bare';

bareWorker(ort, new URL(wasmUrl, self.location.href).href);
