/**
 * Double-check's cost: k samples of one prompt drawn one after another (k
 * generate() calls, each prefilling the prompt) against one batched
 * generation (`samples: k`: one prefill, then every step decodes the k rows
 * together). Runs on anything with the engine's interface: LlmEngine in Node,
 * the app's LlmClient in the browser.
 */
import type { LlmEngineApi } from '../src/engines/llm/protocol';

export interface VoteTimes {
  k: number;
  tokens: number;
  sequentialMs: number;
  batchedMs: number;
  /** Samples whose batched text equals the sequential one with the same seed. */
  same: number;
  /**
   * Decode tokens/s without the prefill: one sample's own speed (median of the
   * sequential ones) and the batch's, all rows counted. For samples longer
   * than the bench's, their ratio is what batching gains.
   */
  sequentialDecode: number;
  batchedDecode: number;
}

/** Qwen's sampling settings for maj@k (the checkpoint's generation_config). */
const SAMPLING = { temperature: 0.7, topP: 0.8 };

export async function voteTimes(
  engine: Pick<LlmEngineApi, 'generate'>,
  prompt: string,
  k: number,
  tokens: number,
  seed = 1,
): Promise<VoteTimes> {
  let started = performance.now();
  const sequential: string[] = [];
  const speeds: number[] = [];
  for (let i = 0; i < k; i++) {
    const result = await engine.generate({
      prompt,
      maxNewTokens: tokens,
      sampling: { ...SAMPLING, seed: seed + i },
    });
    sequential.push(result.text);
    speeds.push(result.tokensPerSecond);
  }
  const sequentialMs = performance.now() - started;
  started = performance.now();
  const batched = await engine.generate({
    prompt,
    maxNewTokens: tokens,
    sampling: { ...SAMPLING, seed },
    samples: k,
  });
  const batchedMs = performance.now() - started;
  const same = (batched.samples ?? []).filter((s, i) => s.text === sequential[i]).length;
  const sequentialDecode = [...speeds].sort((a, b) => a - b)[Math.floor(k / 2)] ?? 0;
  return {
    k,
    tokens,
    sequentialMs,
    batchedMs,
    same,
    sequentialDecode,
    batchedDecode: batched.tokensPerSecond,
  };
}
