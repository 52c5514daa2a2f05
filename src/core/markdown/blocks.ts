import { isClosingFence } from './math-spans';

/**
 * Splits streamed text into top-level blocks, each rendered on its own.
 *
 * A new block starts at a line that
 * - follows a blank line and is not indented (an indented line after a blank
 *   line may continue a list item or be indented code, so it stays with the
 *   block above: rendering more text together is always faithful),
 * - opens a code fence at column 0 (fences interrupt paragraphs), once the
 *   line is complete (a backtick later in the line would make it prose),
 * - is an ATX heading (`## Step 1`), or follows one,
 * - follows the closing line of a fence that started a block.
 * Nothing inside an open fence starts a block. Math needs no tracking here:
 * it never crosses a blank line (see math-spans.ts).
 *
 * Every rule looks only at text that can no longer change (a line's first
 * characters, complete lines), so a boundary once found is never withdrawn
 * as more text streams in: the block before it is finished for good. That is
 * what lets the renderer leave finished blocks alone.
 */
const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const HEADING = /^#{1,6}[ \t]/;
const BLANK = /^[ \t\r]*$/;

/**
 * Start offsets of the blocks from `from` on; `from` must be a block start
 * (0, or the start of the unfinished tail). Every block but the last is
 * finished; the last is the tail, which may still grow or split.
 */
export function findBlockStarts(text: string, from = 0): number[] {
  const starts = [from];
  let fence: string | undefined;
  let fenceStartedBlock = false;
  let hasContent = false;
  let afterBlank = false;
  let forceBreak = false;
  let pos = from;
  while (pos < text.length) {
    const newline = text.indexOf('\n', pos);
    const complete = newline >= 0;
    const end = complete ? newline : text.length;
    const line = text.slice(pos, end);
    if (fence !== undefined) {
      if (complete && isClosingFence(line, fence)) {
        fence = undefined;
        forceBreak = fenceStartedBlock;
      }
    } else if (BLANK.test(line)) {
      if (complete && hasContent) afterBlank = true;
    } else {
      const indented = line[0] === ' ' || line[0] === '\t';
      // Only a whole line says whether it opens a fence: "```x`" does not.
      const opened = complete ? openingFence(line) : undefined;
      const heading = !indented && (HEADING.test(line) || (complete && /^#{1,6}\r?$/.test(line)));
      const topFence = opened !== undefined && !indented;
      if (hasContent && ((afterBlank && !indented) || forceBreak || topFence || heading)) {
        starts.push(pos);
      }
      hasContent = true;
      afterBlank = false;
      forceBreak = heading && complete;
      if (opened !== undefined) {
        fence = opened;
        fenceStartedBlock = topFence;
      }
    }
    pos = end + 1;
  }
  return starts;
}

/** The fence marker if `line` opens a code fence. */
function openingFence(line: string): string | undefined {
  const match = FENCE_OPEN.exec(line);
  const marker = match?.[1];
  if (marker === undefined) return undefined;
  if (marker[0] === '`' && match?.[2]?.includes('`')) return undefined; // "```x```" is a code span
  return marker;
}
