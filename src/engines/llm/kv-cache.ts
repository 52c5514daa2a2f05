import { DynamicCache, Tensor } from '@huggingface/transformers';

/**
 * Operations on transformers.js's KV cache (`past_key_values.{i}.key|value`,
 * each [batch, kv_heads, sequence, head_dim]) that generate() does not offer:
 * cutting it to the tokens a new prompt shares with the old one, and giving
 * every row of a batch the same prompt's cache.
 *
 * On WebGPU the tensors live on the GPU ('gpu-buffer'); they are read back
 * before they are cut or copied (once per round, not per token) and fed again
 * as CPU tensors, which ONNX Runtime uploads on the next run. Unchanged caches
 * are passed on as they are and stay on the GPU.
 */

/** Keys and values for the first `length` tokens of the sequence. */
export async function truncateCache(cache: DynamicCache, length: number): Promise<DynamicCache> {
  return mapCache(cache, (data, dims) => {
    const [batchHeads, sequence, width] = split(dims);
    if (length > sequence) throw new RangeError(`cannot keep ${length} of ${sequence} positions`);
    const out = new (data.constructor as TypedArrayConstructor)(batchHeads * length * width);
    for (let row = 0; row < batchHeads; row++) {
      const from = row * sequence * width;
      out.set(data.subarray(from, from + length * width), row * length * width);
    }
    return { data: out, dims: [...dims.slice(0, -2), length, width] };
  });
}

/** A batch of `rows` copies of a one-row cache. */
export async function repeatCache(cache: DynamicCache, rows: number): Promise<DynamicCache> {
  return mapCache(cache, (data, dims) => {
    if (dims[0] !== 1) throw new RangeError(`expected one row, got ${dims[0]}`);
    const out = new (data.constructor as TypedArrayConstructor)(data.length * rows);
    for (let row = 0; row < rows; row++) out.set(data, row * data.length);
    return { data: out, dims: [rows, ...dims.slice(1)] };
  });
}

/** Frees GPU buffers now; CPU tensors are left to the garbage collector. */
export async function disposeCache(cache: DynamicCache | undefined): Promise<void> {
  await cache?.dispose();
}

// Keys and values are float32 or float16 (stored as 16-bit integers).
type TypedArray = Float32Array | Uint16Array;
type TypedArrayConstructor = new (length: number) => TypedArray;

async function mapCache(
  cache: DynamicCache,
  change: (data: TypedArray, dims: number[]) => { data: TypedArray; dims: number[] },
): Promise<DynamicCache> {
  const entries: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(cache)) {
    const data = await hostData(tensor);
    const next = change(data, tensor.dims);
    entries[name] = new Tensor(tensor.type as 'float32', next.data as Float32Array, next.dims);
  }
  return new DynamicCache(entries);
}

/** The tensor's values in JS memory, read back from the GPU when they are there. */
async function hostData(tensor: Tensor): Promise<TypedArray> {
  if (tensor.location === 'cpu' || tensor.location === 'cpu-pinned') {
    return tensor.data as unknown as TypedArray;
  }
  return (await tensor.ort_tensor.getData()) as unknown as TypedArray;
}

/** [rows before the sequence axis, sequence length, values per position]. */
function split(dims: number[]): [number, number, number] {
  const sequence = dims.at(-2) ?? 0;
  const width = dims.at(-1) ?? 0;
  const rows = dims.slice(0, -2).reduce((a, b) => a * b, 1);
  return [rows, sequence, width];
}
