/**
 * The eval's progress on stdout: a bar redrawn in place on a terminal, one
 * line per problem otherwise (CI logs, tests), so that whatever reads stdout
 * still finds the accuracy line last.
 */
import type { Writable } from 'node:stream';

const WIDTH = 24;

export interface ProgressUpdate {
  done: number;
  total: number;
  correct: number;
  /** Decode speed so far, tokens/s. */
  speed: number;
  /** This problem's line: idx, verdict, answer. */
  detail: string;
}

export class Progress {
  private readonly started = performance.now();
  private drawn = false;

  constructor(
    private readonly out: Writable & { isTTY?: boolean },
    private readonly total: number,
  ) {}

  start(): void {
    if (this.out.isTTY) this.draw({ done: 0, total: this.total, correct: 0, speed: 0, detail: '' });
  }

  update(update: ProgressUpdate): void {
    if (this.out.isTTY) this.draw(update);
    else this.out.write(`${this.line(update)}  ${update.detail}\n`);
  }

  /** Leaves the bar on its own line, so what follows starts on a fresh one. */
  end(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }

  private draw(update: ProgressUpdate): void {
    this.out.write(`\r${this.line(update)}\x1b[K`);
    this.drawn = true;
  }

  private line({ done, total, correct, speed }: ProgressUpdate): string {
    const filled = total === 0 ? WIDTH : Math.round((WIDTH * done) / total);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    const elapsed = (performance.now() - this.started) / 1000;
    const eta =
      done > 0 && done < total ? ` · eta ${clock((elapsed * (total - done)) / done)}` : '';
    const count = `${String(done).padStart(String(total).length)}/${total}`;
    return `[${bar}] ${count} · correct ${correct} · ${speed.toFixed(1)} tokens/s · ${clock(elapsed)}${eta}`;
  }
}

export function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
