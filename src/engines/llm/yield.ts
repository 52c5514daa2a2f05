import type { PreTrainedModel } from '@huggingface/transformers';

/** Longest run of forward passes without letting the worker read its messages. */
const YIELD_EVERY_MS = 8;

/**
 * On the WASM backend every await inside generate() resolves as a microtask,
 * so a worker never gets to read its message queue until generation ends and
 * Stop would arrive too late. Yielding one macrotask before each forward pass
 * lets the interrupt in. A MessageChannel round trip costs microseconds; a
 * setTimeout(0) would be clamped to 4 ms per token. One channel serves the
 * whole generation, and steps within YIELD_EVERY_MS of the last yield skip it:
 * the tiny test models take ~2 ms a step, the real ones far longer, and Stop
 * lands within a frame either way.
 */
export function yieldBeforeEachStep(model: PreTrainedModel): () => void {
  const target = model as unknown as { forward: (inputs: unknown) => Promise<unknown> };
  const forward = target.forward;
  const own = Object.hasOwn(target, 'forward');
  const channel = new MessageChannel();
  let wake: (() => void) | undefined;
  channel.port1.onmessage = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  let yielded = performance.now();
  target.forward = async (inputs: unknown) => {
    if (performance.now() - yielded >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        channel.port2.postMessage(null);
      });
      yielded = performance.now();
    }
    return forward.call(model, inputs);
  };
  return () => {
    if (own) target.forward = forward;
    else delete (target as { forward?: unknown }).forward;
    channel.port1.close();
  };
}
