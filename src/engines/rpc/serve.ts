/**
 * The worker's side of the wire: a table of handlers, one per call, turned
 * into a message handler that answers each request with its progress and
 * then exactly one result or error. Free of `self`, so each engine's handler
 * is tested in Node by feeding it messages, and the same one runs in a Web
 * Worker, a Node worker thread or in-process.
 */
import { serializeError } from '../../core/errors';
import type {
  CallMap,
  CallName,
  CancelMessage,
  FromWorker,
  ProgressMessage,
  ProgressOf,
  RequestMessage,
  RequestOf,
  ResultMessage,
  ResultOf,
  ToWorker,
} from './calls';

export interface CallContext<Progress> {
  /** Sends a progress reply for this call. */
  progress(value: Progress): void;
  /** Aborted when the client cancels this call. */
  signal: AbortSignal;
  /** Cancels every call running in this worker (an unload stops the generation under way). */
  cancelAll(): void;
}

export type Handlers<M extends CallMap> = {
  [K in CallName<M>]: (
    request: RequestOf<M, K>,
    context: CallContext<ProgressOf<M, K>>,
  ) => Promise<ResultOf<M, K>>;
};

export type MessageHandler<M extends CallMap> = (message: ToWorker<M>) => Promise<void>;

export function serve<M extends CallMap>(
  handlers: Handlers<M>,
  post: (reply: FromWorker<M>) => void,
): MessageHandler<M> {
  const running = new Map<number, AbortController>();
  const cancelAll = () => {
    for (const controller of running.values()) controller.abort();
  };

  async function run<K extends CallName<M>>(message: RequestMessage<M, K>): Promise<void> {
    const { id, type } = message;
    const controller = new AbortController();
    running.set(id, controller);
    try {
      const result = await handlers[type](message.request, {
        progress: (progress) => post(widen<M, K>({ type: 'progress', id, call: type, progress })),
        signal: controller.signal,
        cancelAll,
      });
      post(widen<M, K>({ type: 'result', id, call: type, result }));
    } catch (error) {
      post({ type: 'error', id, error: serializeError(error) });
    } finally {
      running.delete(id);
    }
  }

  return async (message) => {
    if (isCancel(message)) running.get(message.id)?.abort();
    else await run(message);
  };
}

function isCancel<M extends CallMap>(message: ToWorker<M>): message is CancelMessage {
  return message.type === 'cancel';
}

/** One call's reply as a reply of the engine: TypeScript does not see on its own that it is one. */
function widen<M extends CallMap, K extends CallName<M>>(
  message: ProgressMessage<M, K> | ResultMessage<M, K>,
): FromWorker<M> {
  return message;
}
