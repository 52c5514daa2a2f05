/**
 * Errors that cross a worker boundary travel as plain `{ name, code, message }`
 * and are rebuilt as an AppError on the other side, so UI code can switch on
 * `code` and show `message`, which always says what the user can do next.
 */
export interface SerializedError {
  name: string;
  code: string;
  message: string;
}

export class AppError<Code extends string = string> extends Error {
  override name = 'AppError';
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Any thrown value as a structured-clone-safe object. */
export function serializeError(error: unknown, fallbackCode = 'internal'): SerializedError {
  if (error instanceof AppError) {
    return { name: error.name, code: error.code, message: error.message };
  }
  if (error instanceof Error) {
    const code = error.name === 'AbortError' ? 'aborted' : fallbackCode;
    return { name: error.name, code, message: error.message };
  }
  return { name: 'Error', code: fallbackCode, message: String(error) };
}

export function deserializeError(error: SerializedError): AppError {
  const rebuilt = new AppError(error.code, error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof Error && error.name === 'AbortError') ||
    (error instanceof AppError && error.code === 'aborted')
  );
}

export function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError');
}
