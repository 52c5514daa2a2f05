import { pyRstrip } from './format';

/** Index of the earliest occurrence of any stop string at or after `from`, or -1. */
export function findStop(text: string, stops: readonly string[], from = 0): number {
  let best = -1;
  for (const stop of stops) {
    if (stop === '') continue;
    const at = text.indexOf(stop, from);
    if (at >= 0 && (best < 0 || at < best)) best = at;
  }
  return best;
}

/** `text` up to (not including) its first stop string. */
export function cutAtStop(text: string, stops: readonly string[]): string {
  const at = findStop(text, stops);
  return at < 0 ? text : text.slice(0, at);
}

/** Length of the longest suffix of `text` that is a proper prefix of some stop string. */
function partialStopLength(text: string, stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops) {
    for (let k = Math.min(stop.length - 1, text.length); k > longest; k--) {
      if (text.endsWith(stop.slice(0, k))) {
        longest = k;
        break;
      }
    }
  }
  return longest;
}

/**
 * Forwards one generation round's text as it streams, so that what a reader has
 * seen is always a prefix of what the round finally contributes: it holds back
 * a tail that may still become a stop string ("```out…") and trailing
 * whitespace (the loop right-strips each round, as the evaluation does), and
 * never forwards anything from a stop string on.
 */
export class RoundStream {
  private received = '';
  private emitted = 0;
  private stopAt = -1;
  private searchedTo = 0;
  private readonly maxStop: number;

  constructor(
    private readonly stops: readonly string[],
    private readonly emit: (delta: string) => void,
  ) {
    this.maxStop = Math.max(0, ...stops.map((s) => s.length));
  }

  push(delta: string): void {
    if (this.stopAt >= 0 || delta === '') return;
    this.received += delta;
    // Only the new text (plus an overlap for a stop string split across deltas) can hold a new match.
    const from = Math.max(0, this.searchedTo - this.maxStop + 1);
    this.stopAt = findStop(this.received, this.stops, from);
    this.searchedTo = this.received.length;
    const end =
      this.stopAt >= 0
        ? this.stopAt
        : this.received.length - partialStopLength(this.received, this.stops);
    this.flushTo(pyRstrip(this.received.slice(0, end)).length);
  }

  /** Everything forwarded so far. */
  get shown(): string {
    return this.received.slice(0, this.emitted);
  }

  /**
   * Ends the round with its final text (already cut and right-stripped). Returns
   * false when the streamed pieces disagree with it: the reader then has to
   * re-read the whole text.
   */
  finish(finalText: string): boolean {
    const shown = this.shown;
    if (!finalText.startsWith(shown)) return false;
    if (finalText.length > shown.length) this.emit(finalText.slice(shown.length));
    this.received = finalText;
    this.emitted = finalText.length;
    return true;
  }

  private flushTo(end: number): void {
    if (end <= this.emitted) return;
    this.emit(this.received.slice(this.emitted, end));
    this.emitted = end;
  }
}
