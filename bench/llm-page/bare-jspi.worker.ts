// onnxruntime-web's jspi build.
import * as ort from 'onnxruntime-web/jspi';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jspi.wasm?url';
import { bareWorker } from './bare';

bareWorker(ort, new URL(wasmUrl, self.location.href).href);
