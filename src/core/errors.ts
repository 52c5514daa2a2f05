/**
 * Every failure a student, a teacher's course page or a CLI can meet has one
 * code from ERROR_CODES. The code travels; the sentence shown to a person is
 * made from it (error-text.ts in English, the UI's locale files otherwise), so
 * no alert ever shows an exception's own text. What the exception said goes
 * into `details`, for a teacher or developer behind a collapsed "Details".
 *
 * Errors cross a worker, an iframe or the embed boundary as plain
 * `{ name, code, message, params, details }` and are checked on arrival: a
 * code that is not in the union (an older or newer sender, a bug, a hostile
 * frame) becomes 'internal' rather than an untyped string.
 */
import { type ErrorCode, isErrorCode } from './error-codes';
import { errorText } from './error-text';

export { ERROR_CODES, type ErrorCode, isErrorCode } from './error-codes';

/** Values a message is made with: a model's name, a size, a count. */
export type ErrorParams = Readonly<Record<string, string | number>>;

export interface AppErrorOptions {
  params?: ErrorParams;
  /** What went wrong in technical terms (an exception's text, a URL, a status). */
  details?: string;
  cause?: unknown;
  /** A sentence that replaces the code's standard English one. */
  message?: string;
}

export class AppError<Code extends ErrorCode = ErrorCode> extends Error {
  override name = 'AppError';
  readonly code: Code;
  readonly params: ErrorParams;
  readonly details: string | undefined;

  constructor(code: Code, options: AppErrorOptions = {}) {
    const params = options.params ?? {};
    super(options.message ?? errorText(code, params), { cause: options.cause });
    this.code = code;
    this.params = params;
    this.details = options.details;
  }
}

export interface SerializedError {
  name: string;
  code: ErrorCode;
  message: string;
  params?: ErrorParams;
  details?: string;
}

/** Any thrown value as a structured-clone-safe object; foreign errors keep their text as details. */
export function serializeError(error: unknown, fallback: ErrorCode = 'internal'): SerializedError {
  if (error instanceof AppError) {
    return {
      name: error.name,
      code: error.code,
      message: error.message,
      ...(Object.keys(error.params).length ? { params: { ...error.params } } : {}),
      ...(error.details !== undefined ? { details: error.details } : {}),
    };
  }
  const code: ErrorCode = isAbortError(error) ? 'aborted' : fallback;
  return { name: 'AppError', code, message: errorText(code, {}), details: describeThrown(error) };
}

/**
 * An error that arrived from another thread or frame, checked: anything but a
 * known code becomes 'internal' with what was received kept as details.
 */
export function deserializeError(data: unknown): AppError {
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const params = parseParams(record.params);
  const details = typeof record.details === 'string' ? record.details : undefined;
  if (!isErrorCode(record.code)) {
    return new AppError('internal', {
      details: [
        `unknown error code ${JSON.stringify(record.code)}`,
        typeof record.message === 'string' ? record.message : undefined,
        details,
      ]
        .filter(Boolean)
        .join(': '),
    });
  }
  const message = typeof record.message === 'string' && record.message ? record.message : undefined;
  return new AppError(record.code, {
    params,
    ...(details !== undefined ? { details } : {}),
    ...(message ? { message } : {}),
  });
}

function parseParams(value: unknown): ErrorParams {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const params: Record<string, string | number> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) params[key] = v;
  }
  return params;
}

/** Any thrown value as an AppError: AppErrors pass, others become `fallback` with their text as details. */
export function toAppError(error: unknown, fallback: ErrorCode = 'internal'): AppError {
  if (error instanceof AppError) return error;
  if (isAbortError(error)) return new AppError('aborted', { details: describeThrown(error) });
  return new AppError(fallback, { details: describeThrown(error), cause: error });
}

/** "TypeError: Failed to fetch": for Details, never for the sentence a student reads. */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof AppError && error.code === 'aborted') ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { name?: unknown }).name === 'AbortError')
  );
}

export function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError');
}
