/**
 * Download speed and time left from (time, bytes) samples: bytes over the
 * last few seconds, so a stall shows at once and a burst does not promise
 * too much. Pure; the UI feeds it the progress events it gets.
 */
export interface RateSample {
  ms: number;
  bytes: number;
}

export interface RateEstimate {
  /** Bytes per second over the window; undefined until two samples span a second. */
  bytesPerSecond?: number;
  /** Seconds until `total`, at that rate. */
  secondsLeft?: number;
}

export const RATE_WINDOW_MS = 5000;

export class RateMeter {
  private samples: RateSample[] = [];

  add(sample: RateSample): void {
    const last = this.samples.at(-1);
    if (last && sample.bytes < last.bytes) this.samples = []; // a new download
    this.samples.push(sample);
    const cutoff = sample.ms - RATE_WINDOW_MS;
    while (this.samples.length > 2 && (this.samples[1] as RateSample).ms <= cutoff) {
      this.samples.shift();
    }
  }

  estimate(total: number): RateEstimate {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.ms - first.ms < 1000) return {};
    const bytesPerSecond = ((last.bytes - first.bytes) * 1000) / (last.ms - first.ms);
    if (!(bytesPerSecond > 0)) return { bytesPerSecond: 0 };
    return { bytesPerSecond, secondsLeft: Math.max(0, (total - last.bytes) / bytesPerSecond) };
  }
}

/** "2 min 5 s", "45 s": rounded the way a progress line reads. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
