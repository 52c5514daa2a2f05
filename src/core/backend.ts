import { type Backend, type Dtype, dtypeFor, type ModelEntry } from './registry';

/** Why the model runs where it runs: shown in the Engine status next to the backend. */
export type BackendReason =
  /** A hardware GPU with WebGPU. */
  | 'gpu'
  /** `?backend=` asked for it. */
  | 'forced'
  /** The browser has no WebGPU (or no adapter). */
  | 'no-webgpu'
  /** WebGPU exists but its adapter is a software rasteriser (SwiftShader, WARP): slower than WASM. */
  | 'software-gpu'
  /** WebGPU failed to load or run the model. */
  | 'webgpu-failed'
  /** The model failed its self-check on the GPU. */
  | 'self-check'
  /** The GPU was lost during a solve, twice. */
  | 'gpu-lost';

export interface BackendChoice {
  backend: Backend;
  dtype: Dtype;
  reason: BackendReason;
}

export interface Capabilities {
  webgpu: boolean;
  shaderF16: boolean;
  /**
   * The adapter is a software fallback (`GPUAdapterInfo.isFallbackAdapter`):
   * on it a 1.5B model decodes at a fraction of WASM's speed, so it counts
   * as no GPU unless WebGPU is asked for.
   */
  fallbackAdapter?: boolean;
  /** Identifies the adapter (vendor, architecture, description), for remembered self-checks. */
  adapter?: string;
}

/**
 * The backends to try, best first: WebGPU with q4f16 (only with
 * `shader-f16`: without it ONNX Runtime fails at the first run with "Program
 * Cast requires f16"), WebGPU with q4, then WASM. A software adapter counts
 * as no GPU. A forced backend leaves only its own candidates; forcing WebGPU
 * without it is an error the caller reports.
 */
export function backendCandidates(
  entry: ModelEntry,
  caps: Capabilities,
  forced?: Backend,
): BackendChoice[] | { error: 'webgpu-unavailable' } {
  if (forced === 'webgpu' && !caps.webgpu) return { error: 'webgpu-unavailable' };
  const gpuReason: BackendReason = forced === 'webgpu' ? 'forced' : 'gpu';
  const gpu: BackendChoice[] = [];
  if (caps.webgpu && (forced === 'webgpu' || (forced === undefined && !caps.fallbackAdapter))) {
    const first = dtypeFor(entry, 'webgpu', caps.shaderF16);
    gpu.push({ backend: 'webgpu', dtype: first, reason: gpuReason });
    const plain = dtypeFor(entry, 'webgpu', false);
    if (plain !== first) gpu.push({ backend: 'webgpu', dtype: plain, reason: gpuReason });
  }
  if (forced === 'webgpu') return gpu;
  const wasmReason: BackendReason =
    forced === 'wasm'
      ? 'forced'
      : !caps.webgpu
        ? 'no-webgpu'
        : caps.fallbackAdapter
          ? 'software-gpu'
          : 'webgpu-failed';
  return [...gpu, { backend: 'wasm', dtype: entry.dtype.wasm, reason: wasmReason }];
}

/** The first candidate: what a solve loads unless it fails. */
export function chooseBackend(
  entry: ModelEntry,
  caps: Capabilities,
  forced?: Backend,
): BackendChoice | { error: 'webgpu-unavailable' } {
  const candidates = backendCandidates(entry, caps, forced);
  if ('error' in candidates) return candidates;
  return candidates[0] as BackendChoice;
}

/** The fallback after WebGPU failed: the same model on WASM. */
export function wasmFallback(
  entry: ModelEntry,
  reason: BackendReason = 'webgpu-failed',
): BackendChoice {
  return { backend: 'wasm', dtype: entry.dtype.wasm, reason };
}

/** The part of `navigator.gpu` a probe reads: core has no DOM types. */
export interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

interface AdapterLike {
  features: { has(feature: string): boolean };
  info?: AdapterInfoLike;
  /** Where older browsers put the flag. */
  isFallbackAdapter?: boolean;
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

export interface WebGpuProbe extends Capabilities {
  /** Why WebGPU is unavailable, for the Engine status tooltip. */
  reason?: string;
}

/**
 * What this browser's WebGPU offers, from `navigator.gpu` where it runs: in
 * the LLM worker before a load, and on the page before "Make available
 * offline", which must pick the dtype the worker would pick without starting it.
 */
export async function probeWebGpu(gpu: GpuLike | undefined): Promise<WebGpuProbe> {
  if (!gpu) return { webgpu: false, shaderF16: false, reason: 'This browser has no WebGPU.' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { webgpu: false, shaderF16: false, reason: 'No WebGPU adapter.' };
    const info = adapter.info;
    return {
      webgpu: true,
      shaderF16: adapter.features.has('shader-f16'),
      fallbackAdapter: info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
      adapter: [info?.vendor, info?.architecture, info?.device, info?.description]
        .filter(Boolean)
        .join(' / '),
    };
  } catch (error) {
    return { webgpu: false, shaderF16: false, reason: String(error) };
  }
}
