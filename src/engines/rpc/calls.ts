/**
 * The wire format every engine worker speaks, generic in the engine's call
 * map. An engine's protocol.ts names its calls once, as a type:
 *
 *     type OcrCalls = { recognize: Call<RecognizeRequest, OcrResult, OcrProgress> };
 *
 * and from that the request and reply messages, the worker's handler table
 * (serve.ts) and the client's `call()` (client.ts) are all typed. Adding a
 * request type to an engine is one line in its map and one handler.
 *
 * Each request carries an `id`; the worker answers with any number of
 * `progress` replies and then exactly one `result` or `error` for that id.
 * Results and progress name their call, so a reply of the wrong kind for a
 * live id (a bug, or a worker running hostile code) is recognised and dropped.
 */
import type { SerializedError } from '../../core/errors';

/** One kind of call: what the worker is asked, what it answers, what it reports on the way. */
export interface Call<Request, Result, Progress = never> {
  request: Request;
  result: Result;
  progress: Progress;
}

/** An engine's calls by name. 'cancel' is reserved for CancelMessage. */
export type CallMap = { [name: string]: Call<unknown, unknown, unknown> };

export type CallName<M extends CallMap> = keyof M & string;
export type RequestOf<M extends CallMap, K extends CallName<M>> = M[K]['request'];
export type ResultOf<M extends CallMap, K extends CallName<M>> = M[K]['result'];
export type ProgressOf<M extends CallMap, K extends CallName<M>> = M[K]['progress'];

export type RequestMessage<M extends CallMap, K extends CallName<M> = CallName<M>> = {
  [P in K]: { type: P; id: number; request: RequestOf<M, P> };
}[K];

/**
 * Asks the worker to stop the call with that id cooperatively: the call still
 * ends with its `result` (e.g. the text generated so far). Calls that cannot
 * stop this way are ended by terminating the worker instead (client.ts).
 */
export interface CancelMessage {
  type: 'cancel';
  id: number;
}

export type ToWorker<M extends CallMap> = RequestMessage<M> | CancelMessage;

export type ProgressMessage<M extends CallMap, K extends CallName<M> = CallName<M>> = {
  [P in K]: { type: 'progress'; id: number; call: P; progress: ProgressOf<M, P> };
}[K];

export type ResultMessage<M extends CallMap, K extends CallName<M> = CallName<M>> = {
  [P in K]: { type: 'result'; id: number; call: P; result: ResultOf<M, P> };
}[K];

export interface ErrorMessage {
  type: 'error';
  id: number;
  error: SerializedError;
}

export type FromWorker<M extends CallMap, K extends CallName<M> = CallName<M>> =
  | ProgressMessage<M, K>
  | ResultMessage<M, K>
  | ErrorMessage;

/**
 * A reply's envelope, checked before anything in it is used: its kind, its
 * id, the call it names. The payload is the worker's word; a client whose
 * worker runs untrusted code checks it per call (client.ts, `checks`).
 */
export function isReply<M extends CallMap>(data: unknown): data is FromWorker<M> {
  if (typeof data !== 'object' || data === null || !('type' in data) || !('id' in data)) {
    return false;
  }
  if (typeof data.id !== 'number' || !Number.isInteger(data.id)) return false;
  if (data.type === 'error') return 'error' in data;
  return (
    (data.type === 'progress' || data.type === 'result') &&
    'call' in data &&
    typeof data.call === 'string'
  );
}

/** Whether a reply answers a call of this kind (errors answer any kind). */
export function isReplyTo<M extends CallMap, K extends CallName<M>>(
  reply: FromWorker<M>,
  call: K,
): reply is FromWorker<M, K> {
  return reply.type === 'error' || reply.call === call;
}
