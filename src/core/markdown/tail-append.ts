import { escapeHtml } from './escape';
import type { MathSegment } from './math-spans';

/**
 * Fast paths for most tokens, which change nothing already rendered: they
 * either show nothing yet, or only lengthen the tail's last text. The escaped
 * text is spliced into the tail's sanitized skeleton, with no parse and no
 * sanitizer pass. Anything else returns undefined and the tail is rendered
 * in full.
 *
 * 1. Nothing to show yet: trailing whitespace (`".\n"` ends a line, `"\n\n"`
 *    a paragraph), or a last line of markers still held back (`"\n1"`,
 *    `"\n-"`: see withholdMarkers).
 * 2. Prose: a word or number mid-line, right after a formula, or starting
 *    the next line of a paragraph or list item. Its characters never start,
 *    end or change markdown or math structure (no `*_\`[]{}$<&|#~`, and `)`
 *    only where it cannot end a link), nor combine with the character shown
 *    before them, which is checked too (`$5`, `\x`, `**x`, `&x;` would); and
 *    the line it is on has settled what kind of line it is.
 * 3. Inside a formula that is still open (`\[ \frac{1}{` …): re-scanning it
 *    finds it still open and only longer, so markdown-it would see exactly
 *    the same input.
 *
 * A token with a line break may still start a block: the caller checks that.
 */
export interface TailState {
  /** The tail's text. */
  readonly raw: string;
  /** The end of `raw` the skeleton does not show yet: trailing whitespace or a held-back line. */
  readonly hidden: string;
  readonly skeleton: string;
  /** `splitMath` of what the skeleton shows, `raw` without `hidden`. */
  readonly segments: readonly MathSegment[];
}

export interface Appended {
  readonly state: TailState;
  /** What the view appends to the block's last text; '' when nothing shows yet. */
  readonly text: string;
}

const INERT_CHUNK = /^[A-Za-z0-9 ,.:?!%'"/=+^()-]+$/;
const INERT_LAST = /^[A-Za-z0-9,.:?!%'"/=+^(){}-]$/;
const HAS_LETTER = /[A-Za-z]/;
/**
 * A word starting the next line: a soft break in a paragraph or list item
 * (a lazy continuation), never a new block, since it starts with a letter and
 * follows a line of text, not a blank line.
 */
const NEW_LINE = /^\n[ \t]*[A-Za-z][A-Za-z0-9 ,.:?!%'"/=+^()-]*$/;
/** Whitespace, possibly ending in a line of markers that the full render holds back too. */
const HIDDEN = /^\s*$|^\s*\n[ \t]*(?:[-+*=#>`~_]+|\d{1,9}[.)]?)[ \t]*$/;

export function appendProse(tail: TailState, chunk: string): Appended | undefined {
  const last = tail.segments.at(-1);
  if (last === undefined || last.kind === 'unclosed') return undefined;
  const raw = tail.raw + chunk;
  const pending = tail.hidden + chunk;
  if (HIDDEN.test(pending)) {
    // Not after code, where whitespace shows; no backticks, which could close
    // a code span opened earlier and so change what the math scan found.
    if (chunk.includes('`') || textEnd(tail.skeleton, last.kind) === undefined) return undefined;
    return { state: { ...tail, raw, hidden: pending }, text: '' };
  }
  // What the token shows; whitespace after it shows only with what follows.
  const trailing = /\s*$/.exec(pending)?.[0] ?? '';
  const visible = pending.slice(0, pending.length - trailing.length);
  const shown = tail.raw.slice(0, tail.raw.length - tail.hidden.length);
  const lineBreak = visible.indexOf('\n');
  const newLine = lineBreak >= 0;
  // Before a line break only whitespace, and less than two spaces (a hard break, <br>).
  const beforeBreak = newLine ? visible.slice(0, lineBreak) : '';
  if (!INERT_LAST.test(shown.at(-1) ?? '') || !/^[ \t]?$/.test(beforeBreak)) return undefined;
  const text = newLine ? visible.slice(lineBreak) : visible;
  if (!(newLine ? NEW_LINE : INERT_CHUNK).test(text)) return undefined;
  // `)` is prose unless it could end a link's destination.
  if (text.includes(')') && shown.includes('](')) return undefined;
  // A line without a letter yet may still become a list marker (`> 1` + `.`)
  // or a setext underline (`=`); one with a letter is prose for good.
  if (!HAS_LETTER.test(shown.slice(shown.lastIndexOf('\n') + 1))) return undefined;
  const end = textEnd(tail.skeleton, last.kind, newLine);
  if (end === undefined) return undefined;
  const segments =
    last.kind === 'math'
      ? [...tail.segments, { kind: 'text', text } as const]
      : [...tail.segments.slice(0, -1), { kind: 'text', text: last.text + text } as const];
  return { state: { ...splice(tail, raw, text, end, segments), hidden: trailing }, text };
}

export function appendInsideMath(
  tail: TailState,
  chunk: string,
  segments: readonly MathSegment[],
): Appended | undefined {
  const before = tail.segments.at(-1);
  const after = segments.at(-1);
  if (
    tail.hidden !== '' ||
    before?.kind !== 'unclosed' ||
    after?.kind !== 'unclosed' ||
    segments.length !== tail.segments.length ||
    after.source !== before.source + chunk
  ) {
    return undefined;
  }
  const end = textEnd(tail.skeleton, 'unclosed');
  if (end === undefined) return undefined;
  return { state: splice(tail, tail.raw + chunk, chunk, end, segments), text: chunk };
}

function splice(
  tail: TailState,
  raw: string,
  text: string,
  at: number,
  segments: readonly MathSegment[],
): TailState {
  const { skeleton } = tail;
  return {
    raw,
    hidden: '',
    skeleton: skeleton.slice(0, at) + escapeHtml(text) + skeleton.slice(at),
    segments,
  };
}

/**
 * Closing tags the skeleton may end with when its last text is plain text in
 * a paragraph, list item, heading or cell (not code, whose highlighting could
 * change; not a link or <strong>, since text after it belongs outside), or in
 * an unclosed formula's span there; innermost first.
 */
const IN_TEXT = /^(?:p|h[1-6]|li|td|th)(?:,(?:li|ol|ul|blockquote|tr|tbody|table))*$/;
const IN_UNCLOSED = /^span,(?:p|h[1-6]|li|td|th)(?:,(?:li|ol|ul|blockquote|tr|tbody|table))*$/;
const SLOT_END = /<span class="math-slot" data-slot="\d+"><\/span>$/;

/**
 * Where the text just before the skeleton's trailing closing tags ends, if it
 * can grow: after plain text, inside an unclosed formula's span, or right
 * after a typeset formula's (empty) slot, as the last segment says.
 */
function textEnd(skeleton: string, last: MathSegment['kind'], newLine = false): number | undefined {
  const names: string[] = [];
  let i = skeleton.length;
  while (i > 0) {
    const open = skeleton[i - 1] === '>' ? skeleton.lastIndexOf('</', i - 1) : -1;
    if (skeleton[i - 1] === '\n' && skeleton[i - 2] === '>') {
      i--; // markdown-it's newline after a closing tag, not text
    } else if (open >= 0 && !skeleton.slice(open, i).includes('<', 1)) {
      names.unshift(skeleton.slice(open + 2, i - 1));
      i = open;
    } else {
      break;
    }
  }
  if (last === 'math') {
    // The slot's own </span> was taken for a container: put it back.
    const slotEnd = i + '</span>'.length;
    if (names[0] !== 'span' || !SLOT_END.test(skeleton.slice(0, slotEnd))) return undefined;
    names.shift();
    i = slotEnd;
  } else if (skeleton[i - 1] === '>') {
    return undefined;
  }
  // A line break continues a paragraph or list item; it would end a heading or a table row.
  if (newLine && names[0] !== 'p' && names[0] !== 'li') return undefined;
  return (last === 'unclosed' ? IN_UNCLOSED : IN_TEXT).test(names.join(',')) ? i : undefined;
}
