/**
 * Checkpoints whose greedy decoding is a script, for end-to-end tests.
 *
 * API: `writeScriptedCheckpoint(dir, transitions, options?)` writes a Qwen2
 * checkpoint in which, under greedy decoding, the token after id X is
 * `transitions.get(X)` whatever came before. `scriptTransitions(trigger,
 * script, end)` builds the usual chain trigger → script[0] → … → end; merge
 * several chains into one Map for multi-turn scripts (e.g. tool-integrated
 * reasoning: a chain from the prompt's last token up to "```output", and a
 * second chain from the last token of the text the runtime appends). Every key
 * must be distinct, since the model only sees the current token; values may
 * repeat. Then export the folder with `exportModel` like any checkpoint.
 *
 * How: a bigram model. o_proj and down_proj are zero, so attention and MLP add
 * nothing to the residual stream and the final hidden state is the current
 * token's embedding. Each key token gets a one-hot embedding (its own
 * dimension d); the untied lm_head row of its successor has a 1 at d, so that
 * successor's logit is sqrt(hidden) (RMSNorm of a one-hot) and every other is
 * 0. q/k/v/gate/up keep seeded random weights so that the graph still does
 * real work, in every dtype; zeros quantize exactly, so q4 follows the script
 * too. Tokens that are not keys have zero embeddings (all logits 0).
 */

import { randomValues, writeCheckpoint } from './checkpoint-writer';
import { names, type Qwen2Config } from './config';

/**
 * Small enough that the 151,936-row tables stay ~20 MB in fp32 (they dominate
 * the download); raise hiddenSize for scripts with more than 32 transitions.
 */
export const SCRIPTED_DEFAULTS: Qwen2Config = {
  hiddenSize: 32,
  intermediateSize: 64,
  numLayers: 2,
  numHeads: 4,
  numKvHeads: 2,
  headDim: 8,
  vocabSize: 151936,
  ropeTheta: 10000,
  rmsNormEps: 1e-6,
  tieWordEmbeddings: false,
  maxPositionEmbeddings: 4096,
};

/**
 * The successor's logit is scale·sqrt(hiddenSize) and every other is 0. At 4
 * (≈22.6 for hidden 32) it is ≈32 nats above the rest at Qwen's temperature
 * 0.7: the other 151,935 tokens together weigh e^-20, so sampling at the
 * model's own temperature and top-p gives the greedy script every time.
 */
export const SAMPLING_STABLE_SCALE = 4;

/** trigger → script[0] → script[1] → … → script[last] → end */
export function scriptTransitions(
  trigger: number,
  script: readonly number[],
  end: number,
): Map<number, number> {
  const chain = [trigger, ...script, end];
  const map = new Map<number, number>();
  for (let i = 0; i + 1 < chain.length; i++) {
    const from = chain[i] as number;
    if (map.has(from)) {
      throw new Error(
        `Token id ${from} occurs twice in the script; a bigram model needs distinct ids.`,
      );
    }
    map.set(from, chain[i + 1] as number);
  }
  return map;
}

export function writeScriptedCheckpoint(
  dir: string,
  transitions: ReadonlyMap<number, number>,
  options: { config?: Partial<Qwen2Config>; seed?: number; logitScale?: number } = {},
): Qwen2Config {
  const c = { ...SCRIPTED_DEFAULTS, ...options.config, tieWordEmbeddings: false };
  const keys = [...transitions.keys()];
  if (keys.length > c.hiddenSize) {
    throw new Error(
      `${keys.length} transitions need hiddenSize ≥ ${keys.length} (one dimension per key).`,
    );
  }
  for (const [from, to] of transitions) {
    if (from < 0 || from >= c.vocabSize || to < 0 || to >= c.vocabSize) {
      throw new Error(`Transition ${from} → ${to} is outside the vocabulary.`);
    }
  }
  const random = randomValues({ seed: options.seed ?? 11 });
  const scale = options.logitScale ?? SAMPLING_STABLE_SCALE;
  writeCheckpoint(dir, c, (name, shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    if (name === names.embed) {
      const w = new Float32Array(size);
      keys.forEach((token, d) => {
        w[token * c.hiddenSize + d] = 1;
      });
      return w;
    }
    if (name === names.lmHead) {
      const w = new Float32Array(size);
      keys.forEach((token, d) => {
        w[(transitions.get(token) as number) * c.hiddenSize + d] = scale;
      });
      return w;
    }
    if (name.endsWith('o_proj.weight') || name.endsWith('down_proj.weight'))
      return new Float32Array(size);
    if (name.endsWith('norm.weight')) return new Float32Array(size).fill(1);
    return random(name, shape);
  });
  return c;
}
