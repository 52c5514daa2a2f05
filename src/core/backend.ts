import { type Backend, type Dtype, dtypeFor, type ModelEntry } from './registry';

export interface BackendChoice {
  backend: Backend;
  dtype: Dtype;
}

export interface Capabilities {
  webgpu: boolean;
  shaderF16: boolean;
}

/**
 * WebGPU where the browser has it (q4f16 only with `shader-f16`: without it
 * ONNX Runtime fails at the first run with "Program Cast requires f16"), WASM
 * otherwise. A forced backend is honoured, or refused with a reason.
 */
export function chooseBackend(
  entry: ModelEntry,
  caps: Capabilities,
  forced?: Backend,
): BackendChoice | { error: string } {
  if (forced === 'webgpu' && !caps.webgpu) {
    return {
      error:
        'WebGPU is not available in this browser. Remove "backend=webgpu" from the address to use WASM.',
    };
  }
  const backend: Backend = forced ?? (caps.webgpu ? 'webgpu' : 'wasm');
  return { backend, dtype: dtypeFor(entry, backend, caps.shaderF16) };
}

/** The fallback after WebGPU failed: the same model on WASM. */
export function wasmFallback(entry: ModelEntry): BackendChoice {
  return { backend: 'wasm', dtype: dtypeFor(entry, 'wasm', false) };
}
