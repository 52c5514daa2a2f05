import { findBlockStarts } from './blocks';
import { type MathSegment, splitMath } from './math-spans';
import {
  type BlockContext,
  type BlockParts,
  fillSlots,
  type ItemParts,
  renderSegments,
  withoutPlaceholders,
} from './render-block';
import { type Appended, appendInsideMath, appendProse, type TailState } from './tail-append';
import { createMathCache, type MathCache, type Sanitize } from './typeset';

/**
 * Renders a solution while it streams. Each call gets the whole text so far;
 * blocks before the tail are finished (see blocks.ts) and are never scanned,
 * parsed, typeset or sanitized again, and their objects are reused, so a
 * memoised view can skip them by identity. Per call, only the tail block is
 * rendered again, with its complete formulas coming from the cache, or, for
 * most tokens, just lengthened (see tail-append.ts): the cost of a call
 * depends on the tail, not on the length of the solution.
 */
export interface RenderedBlock extends BlockParts {
  /** Position in the solution, stable for the block's life: a React key. */
  readonly index: number;
  /** Text after it has started a new block: it will not change again. */
  readonly finished: boolean;
  /** Sanitized HTML of the whole block (skeleton with its formulas). */
  readonly html: string;
  /**
   * Set when this block is the block `from` (the previous call's version)
   * with `text` appended to its last text node: a view that shows `from` can
   * append the text instead of patching. Only the latest version keeps it.
   */
  readonly grew: { readonly from: RenderedBlock; readonly text: string } | undefined;
}

export interface RenderUpdate {
  readonly blocks: readonly RenderedBlock[];
  /** Indices of blocks that are new or whose content changed in this call. */
  readonly changed: readonly number[];
}

export interface StreamRenderer {
  /** The full text so far. Text that does not extend the last one starts over. */
  push(text: string): RenderUpdate;
  /** The stream has ended (with `text`, or the last pushed text): the tail is finished too. */
  finish(text?: string): RenderUpdate;
  reset(): void;
}

export interface RendererOptions {
  /**
   * Applied once to each rendered skeleton (or list item) and once to each
   * typeset formula; finished blocks are never sanitized again. Default: none.
   */
  readonly sanitize?: Sanitize;
  /** Share one across renderers to reuse typeset formulas; its entries must come from the same sanitizer. */
  readonly cache?: MathCache;
}

export function createStreamRenderer(options: RendererOptions = {}): StreamRenderer {
  return new IncrementalRenderer({
    sanitize: options.sanitize ?? ((html) => html),
    cache: options.cache ?? createMathCache(),
  });
}

/** A last line of only list, heading or emphasis markers: a lone `-` would flash as a setext heading. */
const PENDING_MARKERS = /(?:^|\n)[ \t]*(?:[-+*=#>`~_]+|\d{1,9}[.)]?)[ \t]*$/;
const NOT_BLANK = /\S/;

/**
 * While a block streams, its last line is held back until it says what it is
 * (`-` may become a list item; `1` may become `1.`). Not inside an open
 * formula, where such a line is math.
 */
function withholdMarkers(segments: readonly MathSegment[]): readonly MathSegment[] {
  const last = segments.at(-1);
  if (last?.kind !== 'text') return segments;
  // Only the last line can match: test it alone (a regex anchored at $ tries every position).
  const lineStart = Math.max(0, last.text.lastIndexOf('\n'));
  const marker = PENDING_MARKERS.exec(last.text.slice(lineStart));
  // `^` is a line start only for the block's first segment; after a formula it is mid-line.
  if (marker === null || (!marker[0].startsWith('\n') && segments.length > 1)) return segments;
  const kept = segments.slice(0, -1);
  const cut = lineStart + marker.index;
  if (cut > 0) kept.push({ kind: 'text', text: last.text.slice(0, cut) });
  return kept;
}

class IncrementalRenderer implements StreamRenderer {
  readonly #context: BlockContext;
  #text = '';
  #done = false;
  #blocks: RenderedBlock[] = [];
  /** Offset of the unfinished tail; everything before it is finished. */
  #tailStart = 0;
  /** How the tail was rendered, when its skeleton shows all of its text; else undefined. */
  #tail: TailState | undefined;
  /** The tail's list items rendered so far (see list-items.ts). */
  readonly #items = new Map<string, ItemParts | null>();

  constructor(context: BlockContext) {
    this.#context = context;
  }

  push(text: string): RenderUpdate {
    return this.#update(text, false);
  }

  finish(text: string = this.#text): RenderUpdate {
    return this.#update(text, true);
  }

  reset(): void {
    this.#text = '';
    this.#done = false;
    this.#blocks = [];
    this.#tailStart = 0;
    this.#tail = undefined;
    this.#items.clear();
  }

  #update(text: string, final: boolean): RenderUpdate {
    if (text === this.#text && (this.#done || !final)) return { blocks: this.#blocks, changed: [] };
    if (this.#done || !this.#extends(text)) this.reset();
    const fast = final ? undefined : this.#append(text);
    if (fast) return fast;
    this.#text = text;
    this.#done = final;

    const oldTail = this.#blocks.at(-1)?.finished === false ? this.#blocks.at(-1) : undefined;
    const blocks = oldTail ? this.#blocks.slice(0, -1) : this.#blocks.slice();
    const changed: number[] = [];
    const starts = findBlockStarts(text, this.#tailStart);
    const tailStart = starts[starts.length - 1] ?? 0;
    let tail: TailState | undefined;
    for (let k = 0; k < starts.length; k++) {
      const isTail = !final && k === starts.length - 1;
      const raw = text.slice(starts[k] ?? 0, starts[k + 1] ?? text.length);
      if (!NOT_BLANK.test(raw)) continue;
      const all = splitMath(withoutPlaceholders(raw));
      const segments = isTail ? withholdMarkers(all) : all;
      if (segments.length === 0) continue;
      const parts = renderSegments(segments, this.#context, this.#items);
      const index = blocks.length;
      // Only the first block can be the old tail; the ones after it are new.
      const previous = k === 0 ? oldTail : undefined;
      const same = previous !== undefined && sameParts(previous, parts);
      if (!same) changed.push(index);
      blocks.push(
        same && previous.finished === !isTail ? previous : new Block(index, parts, !isTail),
      );
      if (isTail) tail = tailState(raw, parts.skeleton, segments);
    }
    // The items cached belong to the tail; a new tail starts afresh.
    if (starts.length > 1 || final) this.#items.clear();
    this.#blocks = blocks;
    this.#tailStart = tailStart;
    this.#tail = tail;
    return { blocks, changed };
  }

  /**
   * Whether `text` extends the last text. Comparing all of it on every token
   * costs more than the rest of a fast append, so the finished part (which
   * callers never rewrite in place: a new solution starts from '') is checked
   * at every 64th character, the unfinished part in full.
   */
  #extends(text: string): boolean {
    const old = this.#text;
    if (text.length < old.length || !text.startsWith(old.slice(this.#tailStart), this.#tailStart)) {
      return false;
    }
    for (let i = 0; i < this.#tailStart; i += 64) {
      if (text.charCodeAt(i) !== old.charCodeAt(i)) return false;
    }
    return true;
  }

  /**
   * Inside an open formula, only the formula needs scanning again, from its
   * opener: earlier constructs could only change by finding a closer (`$` or
   * a backtick) in the new text.
   */
  #appendInsideMath(state: TailState, chunk: string): Appended | undefined {
    const open = state.segments.at(-1);
    if (open?.kind !== 'unclosed' || /[$`]/.test(chunk)) return undefined;
    const rescanned = splitMath(open.source + chunk);
    return appendInsideMath(state, chunk, [...state.segments.slice(0, -1), ...rescanned]);
  }

  /** The fast paths (tail-append.ts): the new text shows nothing yet or only lengthens the tail. */
  #append(text: string): RenderUpdate | undefined {
    const state = this.#tail;
    const block = this.#blocks.at(-1);
    if (state === undefined || block === undefined || block.finished) return undefined;
    const chunk = withoutPlaceholders(text.slice(this.#text.length));
    const appended = appendProse(state, chunk) ?? this.#appendInsideMath(state, chunk);
    if (appended === undefined) return undefined;
    // A new line can still start a block (`## `, a fence, after a blank line),
    // which only the block scan can tell; a settled line cannot.
    const line = state.raw.slice(state.raw.lastIndexOf('\n') + 1);
    const settled = !chunk.includes('\n') && SETTLED_LINE.test(line);
    if (!settled && findBlockStarts(text, this.#tailStart).length > 1) return undefined;
    this.#text = text;
    this.#tail = appended.state;
    if (appended.text === '') return { blocks: this.#blocks, changed: [] };
    const blocks = this.#blocks.slice(0, -1);
    const grown = new Block(
      block.index,
      { skeleton: appended.state.skeleton, formulas: block.formulas },
      false,
    );
    grown.grow(block, appended.text);
    blocks.push(grown);
    this.#blocks = blocks;
    return { blocks, changed: [block.index] };
  }
}

/** The line the text ends on is settled: it has a character, and not a `#` that could open a heading. */
const SETTLED_LINE = /^[ \t]*[^\s#]/;

/**
 * What the tail's skeleton shows: its segments without trailing whitespace
 * (markdown-it drops it, except in code or an open formula, where the fast
 * paths do not go) and without a held-back marker line.
 */
function tailState(raw: string, skeleton: string, segments: readonly MathSegment[]): TailState {
  const last = segments.at(-1);
  let shown = segments;
  if (last?.kind === 'text') {
    const text = last.text.trimEnd();
    shown =
      text === '' ? segments.slice(0, -1) : [...segments.slice(0, -1), { kind: 'text', text }];
  }
  const length = shown.reduce((n, s) => n + (s.kind === 'text' ? s.text : s.source).length, 0);
  return { raw, hidden: raw.slice(length), skeleton, segments: shown };
}

class Block implements RenderedBlock {
  readonly skeleton: string;
  readonly formulas: readonly string[];
  #html: string | undefined;
  #grew: { readonly from: Block; readonly text: string } | undefined;

  constructor(
    readonly index: number,
    parts: BlockParts,
    readonly finished: boolean,
  ) {
    this.skeleton = parts.skeleton;
    this.formulas = parts.formulas;
  }

  get html(): string {
    this.#html ??= fillSlots(this);
    return this.#html;
  }

  get grew(): { readonly from: Block; readonly text: string } | undefined {
    return this.#grew;
  }

  grow(from: RenderedBlock, text: string): void {
    if (!(from instanceof Block)) return;
    // Drop the older link, or every version of a streaming block would stay reachable.
    from.#grew = undefined;
    this.#grew = { from, text };
  }
}

function sameParts(a: BlockParts, b: BlockParts): boolean {
  return (
    a.skeleton === b.skeleton &&
    a.formulas.length === b.formulas.length &&
    a.formulas.every((html, k) => html === b.formulas[k])
  );
}
