/**
 * Which part of a tool-integrated round's prompt a kept KV cache can stand
 * for. Each round's prompt is the last round's prompt, the text the model
 * generated (cut before its stop string and right-stripped), the program's
 * output block and the next prompt text. The cache holds keys and values for
 * the tokens the model was fed last round; re-tokenising the longer text can
 * split the boundary differently (the model wrote "```\n" as one token where
 * the new text has "```" and "\n```output"), and the stop string's tokens were
 * cut. So the reusable part is the longest common token prefix, and only the
 * tokens after it are prefilled.
 */

/**
 * How many leading tokens of `next` a cache for the tokens `cached` covers.
 * At least one token is always left to feed: a forward pass needs an input,
 * and its logits choose the first new token.
 */
export function reusablePrefix(
  cached: ArrayLike<bigint | number>,
  next: ArrayLike<bigint | number>,
): number {
  const limit = Math.min(cached.length, next.length - 1);
  let same = 0;
  // Token ids may be bigint (transformers.js) or number: compare as numbers.
  while (same < limit && Number(cached[same]) === Number(next[same])) same++;
  return same;
}
