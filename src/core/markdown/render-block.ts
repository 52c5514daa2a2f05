import MarkdownIt, { type Env } from 'markdown-it';
import { escapeHtml } from './escape';
import { highlightPython } from './highlight-python';
import { splitListItems } from './list-items';
import { type MathSegment, splitMath } from './math-spans';
import { type MathCache, type Sanitize, typeset } from './typeset';

/**
 * Renders one block: math is cut out and replaced by placeholders, the rest
 * goes through markdown-it, and each formula gets a slot element.
 *
 * Placeholders are Private Use Area characters (stripped from the model's
 * text first), which markdown-it treats as ordinary letters. Only markdown-it's
 * `text` rule turns a placeholder into a slot, so formulas land in text
 * positions only; a placeholder that ends up anywhere else (a link title,
 * code) is put back as its escaped source.
 *
 * The result keeps the skeleton (sanitized) and the formulas (typeset and
 * sanitized once each, from the cache) apart: while a block streams, the view
 * patches the skeleton and leaves formulas it already shows in place, instead
 * of re-inserting all their markup on every token.
 */
const PLACEHOLDER = /\uE000(\d+)\uE001/g;
const SLOT = /<span class="math-slot" data-slot="(\d+)"><\/span>/g;
const RESERVED = /[\uE000\uE001]/g;
const SAFE_LINK = /^(?:https?:|mailto:|#)/i;

const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
// An image would be fetched from wherever the model points: a tracking pixel,
// and a request that leaves the origin. `![x](u)` renders as "!" and a link.
md.disable('image');
md.validateLink = (url) => SAFE_LINK.test(url.trim());
md.renderer.rules.text = (tokens, idx, _options, env: Env | undefined) =>
  escapeHtml(tokens[idx]?.content ?? '').replace(PLACEHOLDER, (_, k: string) => {
    const formula = formulasOf(env)[Number(k)];
    // An unclosed formula is source text: it goes through the skeleton's sanitizer.
    if (formula?.kind === 'unclosed') {
      return `<span class="math-unclosed">${escapeHtml(formula.source)}</span>`;
    }
    return `<span class="math-slot" data-slot="${k}"></span>`;
  });
md.renderer.rules.fence = (tokens, idx) => {
  const token = tokens[idx];
  return token ? renderFence(token.info, token.content) : '';
};
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]?.attrSet('target', '_blank');
  tokens[idx]?.attrSet('rel', 'noopener noreferrer nofollow');
  return self.renderToken(tokens, idx, options);
};

/** ```python blocks are highlighted and collapsible; ```output blocks (TIR) sit beneath them. */
function renderFence(info: string, code: string): string {
  const lang = info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (lang === 'python' || lang === 'py') {
    return (
      '<details class="code-block" open><summary>Python</summary>' +
      `<pre><code class="language-python">${highlightPython(code)}</code></pre></details>\n`
    );
  }
  if (lang === 'output') {
    return (
      '<div class="code-output"><div class="code-output-label">Output</div>' +
      `<pre><code>${escapeHtml(code)}</code></pre></div>\n`
    );
  }
  const cls = /^[\w+-]+$/.test(lang) ? ` class="language-${lang}"` : '';
  return `<pre><code${cls}>${escapeHtml(code)}</code></pre>\n`;
}

type Formula = Exclude<MathSegment, { kind: 'text' }>;

interface RenderEnv extends Env {
  formulas: readonly Formula[];
}

function formulasOf(env: Env | undefined): readonly Formula[] {
  const formulas = env?.formulas;
  return Array.isArray(formulas) ? formulas : [];
}

export interface BlockContext {
  readonly cache: MathCache;
  readonly sanitize: Sanitize;
}

export interface BlockParts {
  /** Sanitized HTML with an empty `<span class="math-slot" data-slot="k">` per formula. */
  readonly skeleton: string;
  /** Sanitized HTML for slot k ('' for an unclosed formula, which has no slot). */
  readonly formulas: readonly string[];
}

export function renderBlock(source: string, context: BlockContext): BlockParts {
  return renderSegments(splitMath(withoutPlaceholders(source)), context);
}

/** The model's text with the characters used as placeholders replaced. */
export function withoutPlaceholders(text: string): string {
  return text.replace(RESERVED, '\uFFFD');
}

/**
 * Renders a block already split by `splitMath(withoutPlaceholders(source))`.
 * With `items` (a cache the caller keeps while the block streams), a tight
 * list is rendered item by item (see list-items.ts).
 */
export function renderSegments(
  segments: readonly MathSegment[],
  context: BlockContext,
  items?: Map<string, ItemParts | null>,
): BlockParts {
  const list = items && splitListItems(segments);
  return (
    (list && joinItems(list.units, list.hasParagraph, context, items)) ||
    renderWhole(segments, context)
  );
}

function renderWhole(segments: readonly MathSegment[], context: BlockContext): BlockParts {
  const formulas: Formula[] = [];
  let markdown = '';
  for (const segment of segments) {
    if (segment.kind === 'text') {
      markdown += segment.text;
    } else {
      markdown += `\uE000${formulas.length}\uE001`;
      formulas.push(segment);
    }
  }
  let skeleton = md.render(markdown, { formulas } satisfies RenderEnv);
  if (formulas.length > 0) {
    skeleton = skeleton.replace(PLACEHOLDER, (_, k: string) =>
      escapeHtml(formulas[Number(k)]?.source ?? ''),
    );
  }
  return {
    skeleton: context.sanitize(skeleton),
    formulas: formulas.map((f) =>
      f.kind === 'math'
        ? typeset(f.latex, f.display, f.source, context.cache, context.sanitize)
        : '',
    ),
  };
}

/** The block as one HTML string: each slot filled with its formula. */
export function fillSlots(parts: BlockParts): string {
  if (parts.formulas.length === 0) return parts.skeleton;
  return parts.skeleton.replace(
    SLOT,
    (_, k: string) =>
      `<span class="math-slot" data-slot="${k}">${parts.formulas[Number(k)] ?? ''}</span>`,
  );
}

const LIST = /^(<(ol|ul)(?: start="\d+")?>\n)(<li>[\s\S]*)<\/\2>\n$/;

/** One rendered item (or the paragraph before them), taken apart for joining. */
export interface ItemParts {
  readonly formulas: readonly string[];
  /** `<p>…</p>` for the paragraph; the item's `<li>…</li>` otherwise. */
  readonly body: string;
  /** The list's opening tag (`<ol start="3">`), '' for the paragraph. */
  readonly open: string;
  readonly close: string;
  /** `body` with its slots renumbered from `offset`, kept since an item's offset rarely changes. */
  shifted?: { readonly offset: number; readonly body: string };
}

/** The items' `<li>`s in one list, as markdown-it renders the whole; undefined if a part does not fit. */
function joinItems(
  units: readonly (readonly MathSegment[])[],
  hasParagraph: boolean,
  context: BlockContext,
  items: Map<string, ItemParts | null>,
): BlockParts | undefined {
  let skeleton = '';
  let close = '';
  const formulas: string[] = [];
  for (const [k, unit] of units.entries()) {
    // Keyed by segmentation, not just text: a code span or `$` opened earlier
    // can turn the same item's math into text.
    const key = unit.map(segmentKey).join('');
    let item = items.get(key);
    if (item === undefined) {
      item = takeApart(renderWhole(unit, context), k === 0 && hasParagraph);
      items.set(key, item);
    }
    if (item === null) return undefined;
    const offset = formulas.length;
    if (offset > 0 && item.shifted?.offset !== offset) {
      const body = item.body.replace(
        / data-slot="(\d+)"/g,
        (_, n: string) => ` data-slot="${Number(n) + offset}"`,
      );
      item.shifted = { offset, body };
    }
    formulas.push(...item.formulas);
    if (close === '' && item.open !== '') {
      skeleton += item.open;
      close = item.close;
    }
    skeleton += offset > 0 && item.shifted ? item.shifted.body : item.body;
  }
  return { skeleton: skeleton + close, formulas };
}

/** Placeholder characters never occur in segments (withoutPlaceholders), so they can mark kinds. */
function segmentKey(segment: MathSegment): string {
  if (segment.kind === 'text') return `\uE000${segment.text}`;
  return `\uE001${segment.kind === 'math' ? 'm' : 'u'}${segment.source}`;
}

function takeApart(parts: BlockParts, paragraph: boolean): ItemParts | null {
  const { skeleton, formulas } = parts;
  if (paragraph) {
    return skeleton.startsWith('<p>') ? { formulas, body: skeleton, open: '', close: '' } : null;
  }
  const list = LIST.exec(skeleton);
  if (list === null) return null;
  return { formulas, body: list[3] ?? '', open: list[1] ?? '', close: `</${list[2]}>\n` };
}
