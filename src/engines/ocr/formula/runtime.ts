/**
 * The part of ONNX Runtime the formula recogniser uses. onnxruntime-web (the
 * OCR worker) and onnxruntime-node (the CLI, tests) both have this shape, so
 * the recogniser is one piece of code for both.
 */
export type TensorData = Float32Array | BigInt64Array | Uint8Array | Int32Array;

export interface OrtTensor {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

export interface OrtRuntime {
  createSession(model: Uint8Array): Promise<OrtSession>;
  tensor(
    type: 'float32' | 'int64' | 'bool',
    data: TensorData | boolean[],
    dims: number[],
  ): OrtTensor;
}

/** Where the model's files come from: a folder URL through the cache in the browser, a folder on disk in Node. */
export interface ModelFiles {
  /** A JSON file; undefined when `optional` and absent. */
  json(name: string, optional?: boolean): Promise<unknown>;
  bytes(name: string, onProgress?: (loaded: number, total: number) => void): Promise<Uint8Array>;
}
