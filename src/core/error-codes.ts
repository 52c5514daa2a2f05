/**
 * The one list of error codes (docs/embed.md lists the same, kept equal by a
 * test). Alone in its file so that embed.js can check codes without carrying
 * the messages.
 */
export const ERROR_CODES = [
  // Solving
  'no-problem',
  'no-answer',
  'busy',
  'not-loaded',
  'prompt-too-long',
  'context-full',
  'aborted',
  // Models: where they come from, what they need, whether they run
  'model-unavailable',
  'model-missing',
  'model-blocked',
  'offline',
  'download-interrupted',
  'storage-full',
  'model-corrupt',
  'model-manifest',
  'browser-unsupported',
  'webgpu-unavailable',
  'webgpu-failed',
  'gpu-lost',
  'self-check-failed',
  'out-of-memory',
  'worker-crashed',
  'offline-store',
  // Python (tool-integrated reasoning)
  'python-load',
  'python-crashed',
  'python-not-ready',
  // Photos and sketches
  'image-empty',
  'not-image',
  'image-corrupt',
  'image-format',
  'image-too-large',
  'no-text',
  'ocr-failed',
  'formula-unavailable',
  // History
  'history-invalid',
  // Anything else: a bug, reported with its details
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODES.has(value);
}
