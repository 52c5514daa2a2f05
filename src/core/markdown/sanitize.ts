import type { Sanitize } from './typeset';

/**
 * DOMPurify settings for the renderer's output, kept here (plain data, no DOM)
 * so that the component and the benchmark sanitize identically.
 *
 * markdown-it (html: false) and KaTeX (trust: false) already keep raw HTML
 * out; this is the second layer. It keeps what KaTeX emits: MathML (plus
 * `semantics`/`annotation`, which DOMPurify drops by default; `annotation-xml`,
 * which can carry HTML, stays forbidden), SVG for stretchy glyphs and roots,
 * `class` and `style`. Tags that load or submit anything are forbidden
 * outright. URLs keep DOMPurify's default filter (no `javascript:`): a
 * stricter ALLOWED_URI_REGEXP would also apply to every non-URL attribute
 * value and strip KaTeX's; markdown-it already links only http(s) and mailto.
 */
export interface PurifyConfig {
  ADD_TAGS: string[];
  ADD_ATTR: string[];
  FORBID_TAGS: string[];
}

/** What the renderer needs of a DOMPurify instance; the DOM lives with the caller. */
export interface Purifier {
  setConfig(config: PurifyConfig): void;
  sanitize(html: string): string;
}

export const SANITIZE_CONFIG: PurifyConfig = {
  ADD_TAGS: ['semantics', 'annotation'],
  ADD_ATTR: ['encoding', 'target'],
  FORBID_TAGS: [
    'style',
    'img',
    'image',
    'video',
    'audio',
    'source',
    'picture',
    'form',
    'input',
    'button',
    'textarea',
    'select',
  ],
};

/**
 * Sanitizes with `purifier`, which it configures: pass an instance of your
 * own (`DOMPurify(window)`). Configuring once rather than per call matters:
 * DOMPurify rebuilds its allow-lists from a config on every call given one,
 * which was a tenth of the streaming cost.
 */
export function createSanitizer(purifier: Purifier): Sanitize {
  purifier.setConfig(SANITIZE_CONFIG);
  return (html) => purifier.sanitize(html);
}
