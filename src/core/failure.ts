/**
 * What a thrown exception means for the student. Engines throw whatever their
 * libraries throw (transformers.js, onnxruntime, fetch, the Cache API, the
 * GPU); this maps that to one ErrorCode, from the exception's name and text
 * and from what is known of the situation. The exception's own text is never
 * shown as the message: it goes to Details.
 */
import { AppError, type ErrorCode, isAbortError } from './errors';

export interface FailureContext {
  /** What was under way: loading a model (download + session) or generating. */
  during: 'load' | 'generate';
  device?: 'webgpu' | 'wasm' | 'cpu';
  /** navigator.onLine where known: false means certainly offline. */
  online?: boolean;
  /**
   * A fetch failed without a status. True when the same URL answered a
   * `no-cors` request (the server is there, but refuses this origin: CORS);
   * false when it did not answer at all; undefined when not asked.
   */
  answersWithoutCors?: boolean;
}

const PATTERNS: ReadonlyArray<readonly [ErrorCode, RegExp]> = [
  ['storage-full', /QuotaExceeded|quota|not enough (disk )?space|storage.*full/i],
  ['gpu-lost', /device (was )?lost|GPUDeviceLost|context lost|DXGI_ERROR_DEVICE_(REMOVED|RESET)/i],
  [
    'out-of-memory',
    /out of memory|\bOOM\b|Array buffer allocation failed|could not allocate memory|Cannot enlarge memory|Aborted\(\)|std::bad_alloc|RangeError: (Invalid typed array length|WebAssembly\.Memory)/i,
  ],
  // transformers.js reads a missing tokenizer_config.json or config.json as
  // undefined and fails later on one of its fields.
  [
    'model-missing',
    /Could not locate file|\b404\b|Not Found|status(?: code)? 40[34]|reading '(tokenizer_class|model_type)'|ENOENT|no such file/i,
  ],
  [
    'model-corrupt',
    /protobuf parsing failed|Failed to load model|invalid (model|file|onnx)|Unexpected (end|token)|JSON\.parse|not valid JSON|incomplete|size mismatch|checksum|corrupt|integrity/i,
  ],
  [
    'browser-unsupported',
    /WebAssembly is not defined|no available backend found|Worker is not defined|not supported in this (browser|environment)/i,
  ],
];

const NETWORK =
  /Failed to fetch|NetworkError|Load failed|network error|ERR_(INTERNET|NETWORK|CONNECTION|NAME)|ECONN|ENOTFOUND|fetch failed|net::/i;

export function classifyFailure(error: unknown, context: FailureContext): ErrorCode {
  if (error instanceof AppError) return error.code;
  if (isAbortError(error)) return 'aborted';
  const text = errorText(error);
  for (const [code, pattern] of PATTERNS) {
    if (pattern.test(text)) {
      // A 404 while offline is the cache's miss, not the server's.
      if (code === 'model-missing' && context.online === false) return 'offline';
      return code;
    }
  }
  if (NETWORK.test(text)) {
    if (context.online === false) return 'offline';
    if (context.answersWithoutCors === true) return 'model-blocked';
    if (context.answersWithoutCors === false) return 'model-unavailable';
    return context.during === 'load' ? 'download-interrupted' : 'internal';
  }
  // WebGPU failed in a way we do not recognise: the caller may retry on WASM.
  if (context.device === 'webgpu') return 'webgpu-failed';
  return 'internal';
}

/** The AppError for a failure, with the exception's text kept as details. */
export function failureError(
  error: unknown,
  context: FailureContext,
  options: { params?: Record<string, string | number>; where?: string } = {},
): AppError {
  if (error instanceof AppError) return error;
  return new AppError(classifyFailure(error, context), {
    params: options.params ?? {},
    details: options.where ? `${options.where}: ${errorText(error)}` : errorText(error),
    cause: error,
  });
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause !== undefined ? ` (cause: ${errorText(error.cause)})` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}
