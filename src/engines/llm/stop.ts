import { type PreTrainedTokenizer, StoppingCriteria } from '@huggingface/transformers';

/** How many trailing tokens to decode when looking for a stop string. */
const STOP_WINDOW_TOKENS = 24;

/**
 * Ends generation once the decoded tail of the generated text contains one of
 * the stop strings. Only generated tokens count: in tool-integrated reasoning
 * the prompt itself ends with earlier "```output" blocks.
 */
export class StopStringCriteria extends StoppingCriteria {
  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly stops: string[],
    private readonly promptTokens: number,
  ) {
    super();
  }

  override _call(inputIds: number[][]): boolean[] {
    if (this.stops.length === 0) return inputIds.map(() => false);
    return inputIds.map((ids) => {
      const from = Math.max(this.promptTokens, ids.length - STOP_WINDOW_TOKENS);
      const tail = this.tokenizer.decode(ids.slice(from), { skip_special_tokens: true });
      return firstStop(tail, this.stops) >= 0;
    });
  }
}

export function firstStop(text: string, stops: string[], from = 0): number {
  let at = -1;
  for (const stop of stops) {
    const index = text.indexOf(stop, from);
    if (index >= 0 && (at < 0 || index < at)) at = index;
  }
  return at;
}
