import { escapeHtml } from './escape';

/**
 * A small Python highlighter for the code the model writes in tool-integrated
 * reasoning: comments, strings, numbers, keywords, builtins, decorators and
 * the names after def/class. A real grammar (Prism, highlight.js) would cost
 * more bundle than the rest of the renderer for code that is a dozen lines.
 * Unterminated strings run to the end of the line (or of the text for triple
 * quotes), which is what a half-streamed line needs.
 */
const KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while ' +
    'with yield match case'
  ).split(' '),
);

const BUILTINS = new Set(
  (
    'abs all any bool dict divmod enumerate filter float format frozenset int isinstance len ' +
    'list map max min pow print range repr reversed round set sorted str sum tuple type zip'
  ).split(' '),
);

const TOKEN = new RegExp(
  [
    /(#[^\n]*)/.source,
    /((?:[rRbBuUfF]{1,2})?(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?))/
      .source,
    /(\b(?:0[xXoObB][\da-fA-F_]+|\d[\d_]*\.?\d*(?:[eE][+-]?\d+)?j?)|\.\d+(?:[eE][+-]?\d+)?)/.source,
    /(@[A-Za-z_][\w.]*)/.source,
    /([A-Za-z_]\w*)/.source,
  ].join('|'),
  'g',
);

export function highlightPython(code: string): string {
  let html = '';
  let last = 0;
  let afterDef = false;
  for (const match of code.matchAll(TOKEN)) {
    const [whole, comment, string, number, decorator, name] = match;
    html += escapeHtml(code.slice(last, match.index));
    last = match.index + whole.length;
    let cls: string | undefined;
    if (comment !== undefined) cls = 'tok-comment';
    else if (string !== undefined) cls = 'tok-string';
    else if (number !== undefined) cls = 'tok-number';
    else if (decorator !== undefined) cls = 'tok-decorator';
    else if (name !== undefined) {
      if (afterDef) cls = 'tok-def';
      else if (KEYWORDS.has(name)) cls = 'tok-keyword';
      else if (BUILTINS.has(name)) cls = 'tok-builtin';
    }
    afterDef = name === 'def' || name === 'class';
    html += cls ? `<span class="${cls}">${escapeHtml(whole)}</span>` : escapeHtml(whole);
  }
  return html + escapeHtml(code.slice(last));
}
