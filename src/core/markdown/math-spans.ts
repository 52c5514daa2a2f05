/**
 * Finds the math in one block of model text so that the markdown parser never
 * sees it: `\(…\)`, `$…$`, `\[…\]`, `$$…$$`, display environments such as
 * `\begin{align*}…\end{align*}`, and a bare `\boxed{…}` written outside any
 * delimiters. Code (fences and backtick spans) is skipped, so `$` in Python
 * stays code.
 *
 * Rules that keep prose from turning into math:
 * - Math never crosses a blank line. A blank line already ends a paragraph in
 *   markdown, and it bounds the damage of an opener the model never closes.
 * - `$…$` follows pandoc: the opening `$` is not followed by whitespace, the
 *   closing `$` is not preceded by whitespace nor followed by a digit. Unlike
 *   pandoc, when the first `$` after an opener cannot close it, the opener is
 *   taken as a literal dollar, so "costs $5 and $7" stays prose.
 * - `\$` is an escaped dollar, left to markdown.
 *
 * An opener of the other kinds with no closer yields an `unclosed` segment that
 * runs to the end of its paragraph: while streaming the closer may still come;
 * once the block is finished it is broken LaTeX, shown as source.
 */
export type MathSegment =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'math';
      readonly latex: string;
      readonly display: boolean;
      /** The formula with its delimiters, as the model wrote it. */
      readonly source: string;
    }
  | { readonly kind: 'unclosed'; readonly source: string };

const DISPLAY_ENVIRONMENTS = new Set(
  [
    'equation',
    'align',
    'alignat',
    'gather',
    'multline',
    'flalign',
    'aligned',
    'gathered',
    'split',
    'cases',
    'array',
    'matrix',
    'pmatrix',
    'bmatrix',
    'Bmatrix',
    'vmatrix',
    'Vmatrix',
  ].flatMap((name) => [name, `${name}*`]),
);

const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})/;
const BLANK_LINE = /\n[ \t]*\r?\n/g;

export function splitMath(text: string): MathSegment[] {
  const scan = new Scanner(text);
  const segments: MathSegment[] = [];
  let textStart = 0;
  const emit = (start: number, end: number, segment: MathSegment) => {
    if (start > textStart) segments.push({ kind: 'text', text: text.slice(textStart, start) });
    segments.push(segment);
    textStart = end;
  };

  let i = 0;
  while (i < text.length) {
    if (i === 0 || text[i - 1] === '\n') {
      const fenceEnd = skipFence(text, i);
      if (fenceEnd > i) {
        i = fenceEnd;
        continue;
      }
    }
    const ch = text[i];
    if (ch === '`') {
      i = skipCodeSpan(scan, i);
    } else if (ch === '\\') {
      const found = matchBackslash(scan, i);
      if (found) {
        emit(i, found.end, found.segment);
        i = found.end;
      } else {
        i += 2;
      }
    } else if (ch === '$') {
      const found = text[i + 1] === '$' ? matchDoubleDollar(scan, i) : matchDollar(scan, i);
      if (found) {
        emit(i, found.end, found.segment);
        i = found.end;
      } else {
        i += 1;
      }
    } else {
      i += 1;
    }
  }
  if (textStart < text.length) segments.push({ kind: 'text', text: text.slice(textStart) });
  return segments;
}

interface Match {
  end: number;
  segment: MathSegment;
}

/** The text, and where its paragraphs end, found once per paragraph rather than per opener. */
class Scanner {
  #end = -1;
  constructor(readonly text: string) {}

  /** Where the paragraph containing `from` ends: at the next blank line, or the end. */
  paragraphEnd(from: number): number {
    if (this.#end < from) {
      BLANK_LINE.lastIndex = from;
      const blank = BLANK_LINE.exec(this.text);
      this.#end = blank ? blank.index : this.text.length;
    }
    return this.#end;
  }
}

/** Index of `closer` at or after `from`, skipping `\x` pairs, before `limit`. */
function findCloser(text: string, from: number, closer: string, limit: number): number {
  for (let j = from; j < limit; j++) {
    if (text.startsWith(closer, j) && j + closer.length <= limit) return j;
    if (text[j] === '\\') j++;
  }
  return -1;
}

function math(text: string, start: number, end: number, latex: string, display: boolean): Match {
  return { end, segment: { kind: 'math', latex, display, source: text.slice(start, end) } };
}

function unclosed(text: string, start: number, limit: number): Match {
  return { end: limit, segment: { kind: 'unclosed', source: text.slice(start, limit) } };
}

function matchBackslash(scan: Scanner, start: number): Match | undefined {
  const text = scan.text;
  const next = text[start + 1];
  if (next === '(' || next === '[') {
    const limit = scan.paragraphEnd(start);
    const closer = next === '(' ? '\\)' : '\\]';
    const close = findCloser(text, start + 2, closer, limit);
    if (close < 0) return unclosed(text, start, limit);
    return math(text, start, close + 2, text.slice(start + 2, close), next === '[');
  }
  if (text.startsWith('begin{', start + 1)) {
    const nameEnd = text.indexOf('}', start + 7);
    const name = nameEnd < 0 ? '' : text.slice(start + 7, nameEnd);
    if (!DISPLAY_ENVIRONMENTS.has(name)) return undefined;
    const limit = scan.paragraphEnd(start);
    const endTag = `\\end{${name}}`;
    const close = findCloser(text, nameEnd + 1, endTag, limit);
    if (close < 0) return unclosed(text, start, limit);
    const end = close + endTag.length;
    return math(text, start, end, text.slice(start, end), true);
  }
  if (text.startsWith('boxed{', start + 1)) {
    const limit = scan.paragraphEnd(start);
    const close = matchBrace(text, start + 6, limit);
    if (close < 0) return unclosed(text, start, limit);
    return math(text, start, close + 1, text.slice(start, close + 1), false);
  }
  return undefined;
}

/** Index of the `}` that closes the `{` at `open`, or -1. */
function matchBrace(text: string, open: number, limit: number): number {
  let depth = 0;
  for (let j = open; j < limit; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j;
  }
  return -1;
}

function matchDoubleDollar(scan: Scanner, start: number): Match | undefined {
  const text = scan.text;
  const limit = scan.paragraphEnd(start);
  const close = findCloser(text, start + 2, '$$', limit);
  if (close < 0) return unclosed(text, start, limit);
  if (close === start + 2) return undefined; // `$$$$`: nothing to typeset
  return math(text, start, close + 2, text.slice(start + 2, close), true);
}

function matchDollar(scan: Scanner, start: number): Match | undefined {
  const text = scan.text;
  const first = text[start + 1];
  if (first === undefined || /\s/.test(first)) return undefined;
  const limit = scan.paragraphEnd(start);
  const close = findCloser(text, start + 1, '$', limit);
  if (close < 0) return undefined;
  const before = text[close - 1] ?? '';
  const after = text[close + 1] ?? '';
  if (/\s/.test(before) || /\d/.test(after)) return undefined;
  return math(text, start, close + 1, text.slice(start + 1, close), false);
}

/**
 * At a line start: if the line opens a code fence, the index just past its
 * closing fence line (or the end of the text while it is still open).
 */
function skipFence(text: string, lineStart: number): number {
  const lineEnd = endOfLine(text, lineStart);
  const open = FENCE_OPEN.exec(text.slice(lineStart, lineEnd));
  if (!open?.[1]) return lineStart;
  const marker = open[1];
  if (marker[0] === '`' && text.slice(lineStart + open[0].length, lineEnd).includes('`')) {
    return lineStart; // "```a`" is a code span, not a fence
  }
  let j = lineEnd + 1;
  while (j < text.length) {
    const end = endOfLine(text, j);
    if (isClosingFence(text.slice(j, end), marker)) return Math.min(end + 1, text.length);
    j = end + 1;
  }
  return text.length;
}

export function isClosingFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  const char = marker[0] ?? '`';
  return trimmed.length >= marker.length && [...trimmed].every((c) => c === char);
}

function endOfLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** Past a backtick code span starting at `start`, or past the backtick run if it never closes. */
function skipCodeSpan(scan: Scanner, start: number): number {
  const text = scan.text;
  let runEnd = start;
  while (text[runEnd] === '`') runEnd++;
  const run = runEnd - start;
  let j = runEnd;
  const limit = scan.paragraphEnd(start);
  while (j < limit) {
    const next = text.indexOf('`', j);
    if (next < 0 || next >= limit) break;
    let k = next;
    while (text[k] === '`') k++;
    if (k - next === run) return k;
    j = k;
  }
  return runEnd;
}
