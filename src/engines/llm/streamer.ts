import { BaseStreamer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { firstStop } from './stop';

/** Tokens that come faster than this are streamed together (one frame at 60 Hz). */
const CHUNK_EVERY_MS = 16;

/**
 * Text of the generated tokens as they come, decoding only the newest ones
 * (vLLM's incremental detokenisation): the text of the tokens since the last
 * settled point, minus the part already sent, once it no longer ends in an
 * incomplete UTF-8 sequence. TextStreamer re-decodes everything since the last
 * line break on every token: quadratic over a long line of LaTeX. Tokens that
 * come faster than one a frame are sent together: each chunk costs a decode, a
 * message to the main thread and a UI update there, which a fast model (the
 * tiny test models take ~2 ms a step) would otherwise pay per token.
 */
export class TokenStreamer extends BaseStreamer {
  private prompt = true;
  private readonly ids: bigint[] = [];
  /** ids[prefix..read) was decoded last time; everything before read is sent. */
  private prefix = 0;
  private read = 0;
  private sentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly onToken: () => void,
    private readonly onText: (text: string) => void,
  ) {
    super();
  }

  override put(value: bigint[][]): void {
    if (this.prompt) {
      this.prompt = false; // generate() hands over the prompt first
      return;
    }
    const id = value[0]?.[0];
    if (id === undefined) return;
    this.onToken();
    this.ids.push(id);
    const now = performance.now();
    if (now - this.sentAt < CHUNK_EVERY_MS) return;
    const sent = this.decode(this.prefix, this.read);
    const text = this.decode(this.prefix, this.ids.length);
    if (text.length > sent.length && !text.endsWith('\uFFFD')) {
      this.onText(text.slice(sent.length));
      this.prefix = this.read;
      this.read = this.ids.length;
      this.sentAt = now;
    }
  }

  /** An incomplete character at the very end goes out as U+FFFD, as in the final text. */
  override end(): void {
    const sent = this.decode(this.prefix, this.read);
    const text = this.decode(this.prefix, this.ids.length);
    if (text.length > sent.length) this.onText(text.slice(sent.length));
    this.read = this.ids.length;
  }

  private decode(from: number, to: number): string {
    if (to <= from) return '';
    return this.tokenizer.decode(this.ids.slice(from, to), { skip_special_tokens: true });
  }
}

/**
 * Passes streamed text on, except a tail that may still grow into a stop
 * string and everything from the first stop string on: without this a client
 * would show "```output" for a moment and then get a result without it. The
 * chunks add up to the returned text.
 */
export class HeldBackStream {
  private text = '';
  private sent = 0;
  private stopped = false;
  private readonly longest: number;

  constructor(
    private readonly stops: string[],
    private readonly emit: (text: string) => void,
  ) {
    this.longest = Math.max(0, ...stops.map((s) => s.length));
  }

  push(piece: string): void {
    if (this.stopped || piece === '') return;
    this.text += piece;
    let end = this.text.length;
    if (this.stops.length > 0) {
      // A stop string not in the text before this piece must end inside it.
      const at = firstStop(this.text, this.stops, Math.max(0, this.sent - this.longest));
      if (at >= 0) {
        end = at;
        this.stopped = true;
      } else {
        end -= this.partialStopAtEnd();
      }
    }
    if (end > this.sent) {
      this.emit(this.text.slice(this.sent, end));
      this.sent = end;
    }
  }

  /** Sends whatever of the final text is still unsent (a held tail that never became a stop). */
  finish(finalText: string): void {
    if (finalText.length > this.sent && finalText.startsWith(this.text.slice(0, this.sent))) {
      this.emit(finalText.slice(this.sent));
      this.sent = finalText.length;
    }
  }

  /** Length of the longest end of the text that is a proper prefix of a stop string. */
  private partialStopAtEnd(): number {
    let held = 0;
    for (const stop of this.stops) {
      for (let k = Math.min(stop.length - 1, this.text.length); k > held; k--) {
        if (this.text.endsWith(stop.slice(0, k))) {
          held = k;
          break;
        }
      }
    }
    return held;
  }
}
