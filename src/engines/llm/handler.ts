/**
 * The LLM worker's handlers: each call of LlmCalls to the engine. Kept apart
 * from worker.ts so tests can feed it messages in Node without a Worker or a
 * model.
 */

import { type MessageHandler, serve } from '../rpc/serve';
import type { LlmCalls, LlmEngineApi, LlmReply } from './protocol';

export function createLlmHandler(
  engine: LlmEngineApi,
  post: (reply: LlmReply) => void,
): MessageHandler<LlmCalls> {
  return serve<LlmCalls>(
    {
      probe: () => engine.probe(),
      load: (request, { progress }) => engine.load(request, { onProgress: progress }),
      'self-check': (request) => engine.selfCheck(request),
      generate: (request, { progress, signal }) =>
        engine.generate(request, { onChunk: progress, signal }),
      dispose: async (_, { cancelAll }) => {
        cancelAll();
        await engine.dispose();
        return null;
      },
    },
    post,
  );
}
