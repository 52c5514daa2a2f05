import type { MathSegment } from './math-spans';

/**
 * Qwen often writes long tight lists (`1. \(50 \div 1 = 50\) …` fifty times,
 * no blank lines): one block, which would be parsed whole on every token.
 * Such a block is cut into its paragraph (if any) and its items, each
 * rendered on its own; the items' `<li>`s are then joined into one list,
 * which is exactly what markdown-it makes of the whole (a tight list's items
 * do not depend on each other). Finished items come from a cache, so a token
 * costs one item's parse.
 *
 * Only clear cases qualify: no blank line, every item at column 0 with the
 * same kind of marker, every other line indented to the item's content (or
 * inside a formula), and a first item that may interrupt the paragraph above
 * it (a bullet, or `1.`). Anything else is rendered whole.
 */
export interface ListUnits {
  /** The paragraph before the list, if any, then one entry per item. */
  readonly units: readonly (readonly MathSegment[])[];
  readonly hasParagraph: boolean;
}

const ITEM = /^(?:([-+*])|(\d{1,9})([.)]))(?: +|$)/;

export function splitListItems(segments: readonly MathSegment[]): ListUnits | undefined {
  const source = segments.map(sourceOf).join('');
  const inMath = mathRanges(segments);
  const starts: number[] = [];
  let kind: string | undefined;
  let indent = 0;
  let paragraph = false;
  for (let at = 0; at < source.length; ) {
    const end = source.indexOf('\n', at);
    const lineEnd = end < 0 ? source.length : end;
    const line = source.slice(at, lineEnd);
    const item = inMath(at) ? null : ITEM.exec(line);
    if (item !== null) {
      const itemKind = item[1] ?? item[3];
      if (kind === undefined) {
        const empty = line.slice(item[0].length).trim() === '';
        if (at > 0 && ((item[2] !== undefined && item[2] !== '1') || empty)) return undefined;
        paragraph = at > 0;
        kind = itemKind;
      } else if (itemKind !== kind) {
        return undefined;
      }
      indent = item[0].length;
      starts.push(at);
    } else if (/^\s*$/.test(line)) {
      if (end >= 0 && /\S/.test(source.slice(end))) return undefined; // a blank line: not tight
    } else if (kind !== undefined && !inMath(at) && !line.startsWith(' '.repeat(indent))) {
      return undefined;
    } else if (kind === undefined && line.startsWith(' ')) {
      return undefined;
    }
    at = lineEnd + 1;
  }
  if (starts.length < 2) return undefined;
  const cuts = paragraph ? [0, ...starts] : starts;
  return { units: cutSegments(segments, cuts), hasParagraph: paragraph };
}

function sourceOf(segment: MathSegment): string {
  return segment.kind === 'text' ? segment.text : segment.source;
}

/** Whether an offset falls strictly inside a formula (where a line is math, not markdown). */
function mathRanges(segments: readonly MathSegment[]): (at: number) => boolean {
  const ranges: [number, number][] = [];
  let offset = 0;
  for (const segment of segments) {
    const length = sourceOf(segment).length;
    if (segment.kind !== 'text') ranges.push([offset, offset + length]);
    offset += length;
  }
  return (at) => ranges.some(([start, end]) => at > start && at < end);
}

/** The segments between consecutive cut offsets (cuts fall in text segments). */
function cutSegments(segments: readonly MathSegment[], cuts: readonly number[]): MathSegment[][] {
  const units: MathSegment[][] = cuts.map(() => []);
  let offset = 0;
  let unit = 0;
  for (const segment of segments) {
    if (segment.kind !== 'text') {
      units[unit]?.push(segment);
      offset += segment.source.length;
      continue;
    }
    let from = 0;
    const end = offset + segment.text.length;
    while (unit + 1 < cuts.length && (cuts[unit + 1] ?? end) < end) {
      const cut = (cuts[unit + 1] ?? end) - offset;
      if (cut > from) units[unit]?.push({ kind: 'text', text: segment.text.slice(from, cut) });
      from = cut;
      unit++;
    }
    if (from < segment.text.length)
      units[unit]?.push({ kind: 'text', text: segment.text.slice(from) });
    offset = end;
  }
  return units;
}
