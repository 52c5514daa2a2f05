/**
 * The Python worker's handlers: each call of PythonCalls to the engine. Apart
 * from the worker entry points so that the browser worker and the Node worker
 * thread share it, and tests can feed it messages directly.
 */
import { type MessageHandler, serve } from '../rpc/serve';
import type { PythonCalls, PythonEngineApi, PythonReply } from './protocol';

export function createPythonHandler(
  engine: PythonEngineApi,
  post: (reply: PythonReply) => void,
): MessageHandler<PythonCalls> {
  return serve<PythonCalls>(
    {
      init: (config, { progress }) => engine.init(config, { onProgress: progress }),
      run: (request) => engine.run(request),
      'end-session': async ({ session }) => {
        await engine.endSession(session);
        return null;
      },
    },
    post,
  );
}
