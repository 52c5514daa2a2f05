import katex from 'katex';
import { escapeHtml } from './escape';

/**
 * Typesets one formula with KaTeX. Typesetting is the most expensive step of
 * the pipeline (a display formula costs ~0.1–1 ms), and a streamed solution
 * shows the same formula in every re-render of the block that holds it, and
 * often repeats formulas across steps, so results are cached by
 * (displayMode, latex). The cache stores HTML that has already been through
 * the caller's sanitizer, so each formula is typeset and sanitized once.
 */
export interface MathCache {
  get(key: string): string | undefined;
  set(key: string, html: string): void;
  readonly size: number;
}

/** A least-recently-used cache; a Map iterates in insertion order. */
export function createMathCache(limit = 2000): MathCache {
  const map = new Map<string, string>();
  return {
    get(key) {
      const html = map.get(key);
      if (html !== undefined) {
        map.delete(key);
        map.set(key, html);
      }
      return html;
    },
    set(key, html) {
      map.set(key, html);
      if (map.size > limit) {
        const oldest = map.keys().next().value;
        if (oldest !== undefined) map.delete(oldest);
      }
    },
    get size() {
      return map.size;
    },
  };
}

const KATEX_OPTIONS = {
  output: 'htmlAndMathml',
  throwOnError: true,
  // \href, \url, \includegraphics, \htmlClass/Id/Style/Data render as inert red text.
  trust: false,
  // Qwen writes Unicode and Chinese inside \text{}; the lint warnings are noise.
  strict: false,
  // Bounds on what a hostile or runaway formula can cost: sizes in em, macro expansions.
  maxSize: 20,
  maxExpand: 500,
} as const;

export type Sanitize = (html: string) => string;

/** Marks a cached parse error: KaTeX HTML never starts with NUL. */
const ERROR = '\u0000';

export function typeset(
  latex: string,
  display: boolean,
  source: string,
  cache: MathCache,
  sanitize: Sanitize,
): string {
  const key = `${display ? 'D' : 'I'}${latex}`;
  let html = cache.get(key);
  if (html === undefined) {
    try {
      html = sanitize(katex.renderToString(latex, { ...KATEX_OPTIONS, displayMode: display }));
    } catch (error) {
      html = ERROR + (error instanceof Error ? error.message : String(error));
    }
    cache.set(key, html);
  }
  if (!html.startsWith(ERROR)) return html;
  // A parse error shows the source as the model wrote it (`$…$` or `\(…\)`),
  // with KaTeX's reason on hover; rare enough to rebuild on every use.
  const cls = display ? 'math-error math-error-display' : 'math-error';
  const title = escapeHtml(html.slice(ERROR.length));
  return sanitize(`<span class="${cls}" title="${title}">${escapeHtml(source)}</span>`);
}
