/**
 * The postMessage protocol between `<math-tutor>` (in the course page) and the
 * tutor app (in the element's iframe). Both sides import this file; embed.js
 * and the app are built from one commit and served from one origin, so a
 * version mismatch is at most a stale cached embed.js during a deploy. A
 * message of another version, another source or an unknown type is not ours:
 * the parsers return undefined and the receiver ignores it.
 *
 * Parsers copy the known fields into a fresh object: whatever else a sender
 * put in the message never reaches the handlers.
 */

import { type ErrorCode, isErrorCode } from '../core/error-codes';

export const PROTOCOL_SOURCE = 'math-tutor';
export const PROTOCOL_VERSION = 1;

/** The URL parameter that tells the app which origin embeds it (docs/embed.md). */
export const HOST_PARAM = 'host';

interface Envelope<Type extends string> {
  source: typeof PROTOCOL_SOURCE;
  version: typeof PROTOCOL_VERSION;
  type: Type;
}

/** `mathtutor:solved`'s detail. */
export interface SolvedDetail {
  /** The problem as it was solved (trimmed). */
  problem: string;
  /** The answer normalised the way the grader compares answers. */
  answer: string;
  /** The raw text inside the solution's last `\boxed{…}`. */
  answerLatex: string;
}

/** `mathtutor:error`'s detail. */
export interface ErrorDetail {
  /** One of ERROR_CODES (docs/embed.md); an unknown one arrives as 'internal'. */
  code: ErrorCode;
  /** A sentence for a person: what happened and what to do. */
  message: string;
}

// Host (the element) → tutor (the iframe).
export interface SetProblemMessage extends Envelope<'setProblem'> {
  problem: string;
}
export interface SolveMessage extends Envelope<'solve'> {}
export type HostMessage = SetProblemMessage | SolveMessage;

// Tutor → host.
/** The app can take problems; sent once per page load of the iframe. */
export interface ReadyMessage extends Envelope<'ready'> {}
export interface SolvedMessage extends Envelope<'solved'>, SolvedDetail {}
export interface ErrorMessage extends Envelope<'error'>, ErrorDetail {}
/** The app's content height in CSS pixels, so the element can size the iframe. */
export interface ResizeMessage extends Envelope<'resize'> {
  height: number;
}
export type TutorMessage = ReadyMessage | SolvedMessage | ErrorMessage | ResizeMessage;

type WithoutEnvelope<M> = M extends unknown ? Omit<M, 'source' | 'version'> : never;
export type HostPayload = WithoutEnvelope<HostMessage>;
export type TutorPayload = WithoutEnvelope<TutorMessage>;

/** Tallest iframe the element will make, against a runaway resize loop. */
export const MAX_HEIGHT = 100_000;

export function hostMessage<P extends HostPayload>(payload: P) {
  return { ...payload, source: PROTOCOL_SOURCE, version: PROTOCOL_VERSION } as const;
}

export function tutorMessage<P extends TutorPayload>(payload: P) {
  return { ...payload, source: PROTOCOL_SOURCE, version: PROTOCOL_VERSION } as const;
}

/** What the tutor accepts from its host, or undefined for anything else. */
export function parseHostMessage(data: unknown): HostMessage | undefined {
  const m = envelope(data);
  switch (m?.type) {
    case 'setProblem':
      return typeof m.problem === 'string'
        ? {
            source: PROTOCOL_SOURCE,
            version: PROTOCOL_VERSION,
            type: 'setProblem',
            problem: m.problem,
          }
        : undefined;
    case 'solve':
      return { source: PROTOCOL_SOURCE, version: PROTOCOL_VERSION, type: 'solve' };
    default:
      return undefined;
  }
}

/** What the element accepts from its iframe, or undefined for anything else. */
export function parseTutorMessage(data: unknown): TutorMessage | undefined {
  const m = envelope(data);
  const base = { source: PROTOCOL_SOURCE, version: PROTOCOL_VERSION } as const;
  switch (m?.type) {
    case 'ready':
      return { ...base, type: 'ready' };
    case 'solved': {
      const { problem, answer, answerLatex } = m;
      return typeof problem === 'string' &&
        typeof answer === 'string' &&
        typeof answerLatex === 'string'
        ? { ...base, type: 'solved', problem, answer, answerLatex }
        : undefined;
    }
    case 'error': {
      // A code from another version of the tutor is still an error: it arrives
      // as 'internal' with its message, never as an untyped string.
      const { code, message } = m;
      return typeof code === 'string' && typeof message === 'string'
        ? { ...base, type: 'error', code: isErrorCode(code) ? code : 'internal', message }
        : undefined;
    }
    case 'resize': {
      const { height } = m;
      return typeof height === 'number' && Number.isFinite(height) && height >= 0
        ? { ...base, type: 'resize', height: Math.min(height, MAX_HEIGHT) }
        : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * `value` as an http(s) origin ("https://school.example", a trailing slash
 * allowed), else undefined: a path, a query, credentials or an opaque origin
 * ("null", file:) cannot be checked against `MessageEvent.origin`.
 */
export function parseOrigin(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.origin === value.replace(/\/$/, '') ? url.origin : undefined;
}

function envelope(data: unknown): (Record<string, unknown> & { type: string }) | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  return record.source === PROTOCOL_SOURCE &&
    record.version === PROTOCOL_VERSION &&
    typeof record.type === 'string'
    ? (record as Record<string, unknown> & { type: string })
    : undefined;
}
