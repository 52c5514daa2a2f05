/**
 * Puts a formula the student read from a part of the picture into the
 * problem: in place of the words that were read from that part, when the
 * problem still holds them; otherwise at the end, so nothing is lost.
 */
import type { NormBox } from '../image/transform';
import type { TextRange } from './confidence';

export interface PlacedWord extends TextRange {
  box: NormBox;
}

/** The range of `read` covered by the words whose centres lie in `region`, or null. */
export function rangeInRegion(words: PlacedWord[], region: NormBox): TextRange | null {
  const inside = words.filter((w) => {
    const cx = w.box.x + w.box.width / 2;
    const cy = w.box.y + w.box.height / 2;
    return (
      cx >= region.x &&
      cx <= region.x + region.width &&
      cy >= region.y &&
      cy <= region.y + region.height
    );
  });
  if (inside.length === 0) return null;
  return {
    start: Math.min(...inside.map((w) => w.start)),
    end: Math.max(...inside.map((w) => w.end)),
  };
}

export function spliceFormula(
  problem: string,
  read: string,
  words: PlacedWord[],
  region: NormBox,
  latex: string,
): string {
  const formula = `$${latex}$`;
  const range = rangeInRegion(words, region);
  if (range) {
    if (problem === read) return problem.slice(0, range.start) + formula + problem.slice(range.end);
    // Edited since: replace the same words if they are still there, once.
    const old = read.slice(range.start, range.end);
    const at = problem.indexOf(old);
    if (old && at >= 0 && problem.indexOf(old, at + 1) < 0)
      return problem.slice(0, at) + formula + problem.slice(at + old.length);
  }
  const trimmed = problem.trimEnd();
  return trimmed ? `${trimmed} ${formula}` : formula;
}
