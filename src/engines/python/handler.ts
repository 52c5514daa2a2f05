/**
 * Turns worker messages into engine calls and results into replies. Apart
 * from the worker entry points so that the browser worker and the Node worker
 * thread share it, and tests can feed it messages directly.
 */
import { serializeError } from '../../core/errors';
import type { PythonEngineApi, PythonReply, PythonRequest } from './protocol';

export function createPythonHandler(engine: PythonEngineApi, post: (reply: PythonReply) => void) {
  const fail = (id: number, error: unknown) =>
    post({ type: 'error', id, error: serializeError(error) });

  return async function handle(message: PythonRequest): Promise<void> {
    const { id } = message;
    try {
      switch (message.type) {
        case 'init': {
          const result = await engine.init(message.config, {
            onProgress: (progress) => post({ type: 'progress', id, progress }),
          });
          post({ type: 'result', id, kind: 'init', result });
          return;
        }
        case 'run':
          post({ type: 'result', id, kind: 'run', result: await engine.run(message.request) });
          return;
        case 'end-session':
          await engine.endSession(message.session);
          post({ type: 'result', id, kind: 'end-session', result: null });
          return;
      }
    } catch (error) {
      fail(id, error);
    }
  };
}
