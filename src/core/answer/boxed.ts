/**
 * Finds the content of the last `\boxed{…}` (or `\fbox{…}`) in a model's text,
 * with balanced braces, as Qwen's evaluation parser does. Also accepts the
 * brace-less form `\boxed 5` (up to the next `$` or whitespace).
 *
 * Returns `undefined` when there is no complete box yet: while streaming, an
 * unclosed `\boxed{12` is not an answer.
 */
export function lastBoxed(text: string): string | undefined {
  const start = Math.max(text.lastIndexOf('\\boxed'), text.lastIndexOf('\\fbox'));
  if (start < 0) return undefined;
  const macro = text.startsWith('\\boxed', start) ? '\\boxed' : '\\fbox';
  let i = start + macro.length;
  if (text[i] === ' ') {
    // `\boxed 5`: the argument runs to the next `$` or whitespace.
    const rest = text.slice(i + 1);
    const match = /^[^\s$]+/.exec(rest);
    return match ? match[0] : undefined;
  }
  if (text[i] !== '{') return undefined;
  let depth = 0;
  const open = i;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++; // an escaped brace does not count
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return undefined;
}
