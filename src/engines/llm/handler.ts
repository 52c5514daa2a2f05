/**
 * Turns worker messages into engine calls and engine events into replies.
 * Kept apart from worker.ts so tests can feed it messages in Node without a
 * Worker or a model.
 */
import { serializeError } from '../../core/errors';
import type { LlmEngineApi, LlmReply, LlmRequest } from './protocol';

export function createLlmHandler(engine: LlmEngineApi, post: (reply: LlmReply) => void) {
  const running = new Map<number, AbortController>();

  const settle = async (id: number, work: () => Promise<LlmReply & { type: 'result' }>) => {
    try {
      post(await work());
    } catch (error) {
      post({ type: 'error', id, error: serializeError(error) });
    }
  };

  return async function handle(message: LlmRequest): Promise<void> {
    switch (message.type) {
      case 'probe':
        return settle(message.id, async () => ({
          type: 'result',
          id: message.id,
          result: await engine.probe(),
        }));
      case 'load':
        return settle(message.id, async () => ({
          type: 'result',
          id: message.id,
          result: await engine.load(message.request, {
            onProgress: (progress) => post({ type: 'progress', id: message.id, progress }),
          }),
        }));
      case 'self-check':
        return settle(message.id, async () => ({
          type: 'result',
          id: message.id,
          result: await engine.selfCheck(message.request),
        }));
      case 'generate': {
        const controller = new AbortController();
        running.set(message.id, controller);
        try {
          await settle(message.id, async () => ({
            type: 'result',
            id: message.id,
            result: await engine.generate(message.request, {
              signal: controller.signal,
              onChunk: (chunk) => post({ type: 'chunk', id: message.id, chunk }),
            }),
          }));
        } finally {
          running.delete(message.id);
        }
        return;
      }
      case 'interrupt':
        running.get(message.id)?.abort();
        return;
      case 'dispose':
        for (const controller of running.values()) controller.abort();
        return settle(message.id, async () => {
          await engine.dispose();
          return { type: 'result', id: message.id, result: null };
        });
    }
  };
}
