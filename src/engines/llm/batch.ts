import { type PreTrainedTokenizer, StoppingCriteria } from '@huggingface/transformers';
import type { FinishReason, SampleResult } from './protocol';
import { firstStop, StopStringCriteria } from './stop';

/**
 * Several samples of one prompt decoded as one batch. transformers.js's
 * generate() runs until every row is done and keeps drawing tokens for rows
 * that are; this criterion marks a row finished at its end-of-sequence token
 * or stop string, and NucleusSampler then pads the row with an end-of-sequence
 * token, which keeps it done, so the batch ends with its longest sample.
 */
export class RowsFinished extends StoppingCriteria {
  readonly rows: boolean[];
  /** When each step's token arrived, for the decode speed. */
  readonly stepTimes: number[] = [];
  private readonly stops: StopStringCriteria;

  constructor(
    tokenizer: PreTrainedTokenizer,
    stops: string[],
    promptTokens: number,
    count: number,
    private readonly eosIds: readonly number[],
    /** Called with the number of finished rows each time it grows. */
    private readonly onFinished?: (rows: number) => void,
  ) {
    super();
    this.rows = new Array<boolean>(count).fill(false);
    this.stops = new StopStringCriteria(tokenizer, stops, promptTokens);
  }

  // Typed number[][] by transformers.js; generate() passes bigint ids.
  override _call(inputIds: number[][]): boolean[] {
    this.stepTimes.push(performance.now());
    const stopped = this.stops._call(inputIds);
    const before = this.finishedRows();
    inputIds.forEach((ids, row) => {
      const last = Number(ids.at(-1));
      if (stopped[row] || this.eosIds.includes(last)) this.rows[row] = true;
    });
    const after = this.finishedRows();
    if (after > before) this.onFinished?.(after);
    return [...this.rows];
  }

  private finishedRows(): number {
    return this.rows.filter(Boolean).length;
  }
}

/** Each row's sample: its tokens up to the first end-of-sequence token, cut at the first stop string. */
export function samplesOf(
  sequences: bigint[][],
  promptTokens: number,
  decode: (ids: bigint[]) => string,
  options: { stops: string[]; eosIds: readonly number[]; interrupted: boolean },
): SampleResult[] {
  return sequences.map((sequence) => {
    const generated = sequence.slice(promptTokens);
    const end = generated.findIndex((id) => options.eosIds.includes(Number(id)));
    let text = decode(end < 0 ? generated : generated.slice(0, end));
    let finishReason: FinishReason = options.interrupted ? 'aborted' : 'length';
    const stopAt = firstStop(text, options.stops);
    if (stopAt >= 0) {
      text = text.slice(0, stopAt);
      finishReason = 'stop';
    } else if (end >= 0) {
      finishReason = 'eos';
    }
    // A row cut at a stop string was then padded: the pad is not one of its tokens.
    const tokens = end < 0 ? generated.length : finishReason === 'stop' ? end : end + 1;
    return { text, finishReason, tokens };
  });
}
