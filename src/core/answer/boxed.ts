import { pyStrip } from './py';

export interface BoxedContent {
  /** The text inside the box (braces balanced), or up to the next `$` for `\boxed 5`. */
  content: string;
  /** False while a `\boxed{…` has not been closed yet (a stream mid-way). */
  closed: boolean;
}

/**
 * What the official parser takes as the boxed answer: the text after the last
 * occurrence of "boxed" (so `\boxed`, and nothing else: not `\fbox`). With a
 * `{`, braces are counted as they come (an escaped `\{` counts too) up to the
 * one that closes it; an unclosed box yields everything after it. Without a
 * brace, the rest up to the next `$`, trimmed.
 */
export function findBoxed(text: string): BoxedContent | undefined {
  const at = text.lastIndexOf('boxed');
  if (at < 0) return undefined;
  const rest = text.slice(at + 'boxed'.length);
  if (rest === '') return { content: '', closed: false };
  if (!rest.startsWith('{')) return { content: pyStrip(rest.split('$')[0] ?? ''), closed: true };
  let depth = 1;
  for (let i = 1; i < rest.length; i++) {
    const ch = rest[i];
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return { content: rest.slice(1, i), closed: true };
  }
  return { content: rest.slice(1), closed: false };
}

/**
 * The raw text inside the last complete `\boxed{…}` (or of a brace-less
 * `\boxed 5`), exactly as the official parser reads it before normalising.
 * `undefined` when there is none, when it is empty, or while the last box is
 * still open: a streamed `\boxed{12` is not an answer yet.
 */
export function lastBoxed(text: string): string | undefined {
  const box = findBoxed(text);
  return box?.closed && box.content.trim() !== '' ? box.content : undefined;
}
