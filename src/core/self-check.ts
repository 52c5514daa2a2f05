/**
 * The first time a model runs on a device, a short fixed prompt is decoded
 * greedily and the output judged: a 16-bit build that overflows on some GPUs
 * gives NaN logits, and argmax over NaN is token 0 ("!") forever; a kernel
 * bug can also pin every step to one token. Either way the student would
 * watch a page of "!!!!". The verdict is remembered per model, dtype and
 * adapter, so the check costs one short generation once.
 */
import { buildPrompt, type PromptStyle } from './prompts';

export const SELF_CHECK_PROBLEM = 'What is 2 + 3?';
export const SELF_CHECK_TOKENS = 8;

export function selfCheckPrompt(style: PromptStyle): string {
  return buildPrompt(style, SELF_CHECK_PROBLEM, 'cot');
}

export interface SelfCheckSample {
  /** The generated token ids, in order. */
  tokens: readonly number[];
  /** Every logit seen was finite. */
  finite: boolean;
}

export type SelfCheckVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Sane output: finite logits and more than one distinct token among the
 * first ones (a model that ends at once after one token is sane too: the
 * stop token is a real answer to "sequence over").
 */
export function judgeSelfCheck(sample: SelfCheckSample): SelfCheckVerdict {
  if (!sample.finite) return { ok: false, reason: 'the logits were not finite (NaN or infinity)' };
  const { tokens } = sample;
  if (tokens.length >= 4 && new Set(tokens).size === 1) {
    return { ok: false, reason: `one token (id ${tokens[0]}) repeated ${tokens.length} times` };
  }
  // Runs of one token longer than half the sample: "!!!!!!!!" after a word or two.
  let run = 1;
  for (let i = 1; i < tokens.length; i++) {
    run = tokens[i] === tokens[i - 1] ? run + 1 : 1;
    if (run >= Math.max(6, Math.ceil(tokens.length / 2))) {
      return { ok: false, reason: `token id ${tokens[i]} repeated ${run} times in a row` };
    }
  }
  return { ok: true };
}

/** The key a verdict is remembered under. */
export function selfCheckKey(parts: {
  folder: string;
  dtype: string;
  backend: string;
  adapter?: string | undefined;
}): string {
  return [
    parts.folder,
    parts.dtype,
    parts.backend,
    parts.backend === 'webgpu' ? (parts.adapter ?? '') : '',
  ].join('|');
}
