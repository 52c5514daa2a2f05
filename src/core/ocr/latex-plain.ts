/**
 * LaTeX → the plain reading that ../shared/data/ocr scores against
 * (`gt_plain`: 3/4, x^2, sqrt(2), pi, <=). The OCR benchmark uses it to score
 * what the formula recogniser writes as `$…$`, and the tuning-set generator
 * to write the plain reading of the problems it renders. It reads the subset
 * of LaTeX that school problems use; anything else passes through as its
 * command name, which costs a few characters of CER, never a crash.
 */

const WORDS: Record<string, string> = {
  cdot: '*',
  times: '*',
  ast: '*',
  div: '/',
  pm: '+-',
  mp: '-+',
  ldots: '...',
  dots: '...',
  cdots: '...',
  dotsc: '...',
  dotsb: '...',
  infty: 'infinity',
  circ: 'circ',
  degree: 'degrees',
  '%': '%',
  $: '$',
  '{': '{',
  '}': '}',
  '#': '#',
  '&': '&',
  _: '_',
  lbrace: '{',
  rbrace: '}',
  langle: '<',
  rangle: '>',
  lfloor: 'floor(',
  rfloor: ')',
  lceil: 'ceil(',
  rceil: ')',
  vert: '|',
  mid: '|',
  '|': '||',
  prime: "'",
};

/** Relations get spaces around them, as the data's plain readings write them. */
const RELATIONS: Record<string, string> = {
  le: '<=',
  leq: '<=',
  leqslant: '<=',
  ge: '>=',
  geq: '>=',
  geqslant: '>=',
  ne: '!=',
  neq: '!=',
  approx: '~',
  equiv: '==',
  to: '->',
  rightarrow: '->',
  Rightarrow: '=>',
  implies: '=>',
  in: 'in',
};

/** Commands dropped: sizing, spacing, fonts applied to what follows. */
const DROPPED = new Set([
  'left',
  'right',
  'big',
  'Big',
  'bigg',
  'Bigg',
  'bigl',
  'bigr',
  'Bigl',
  'Bigr',
  'displaystyle',
  'textstyle',
  '!',
  'limits',
  'nolimits',
]);

const SPACES = new Set([',', ';', ':', ' ', 'quad', 'qquad', 'enspace', 'thinspace']);

/** Arguments kept as they are: text and font switches. */
const TEXT_ARGUMENT = new Set([
  'text',
  'textrm',
  'textit',
  'textbf',
  'mathrm',
  'mathit',
  'mathbf',
  'mathsf',
  'mathtt',
  'mbox',
  'operatorname',
  'boldsymbol',
  'mathbb',
  'mathcal',
  'overline',
  'underline',
  'hat',
  'bar',
  'vec',
  'tilde',
  'widehat',
  'boxed',
]);

interface Cursor {
  src: string;
  at: number;
}

/** A plain reading of one formula (no delimiters). */
export function latexToPlain(latex: string): string {
  return tidy(readSequence({ src: latex, at: 0 }, null));
}

/**
 * A problem with math in `$…$`, `\(…\)`, `\[…\]` or `$$…$$`: the prose as it
 * is, each formula in its plain reading; display math stands apart by spaces.
 */
export function problemToPlain(text: string): string {
  const out: string[] = [];
  const pattern = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|\$([^$]+?)\$/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out.push(text.slice(last, m.index));
    const display = m[1] ?? m[2];
    const plain = latexToPlain(display ?? m[3] ?? m[4] ?? '');
    out.push(display !== undefined ? ` ${plain} ` : plain);
    last = (m.index ?? 0) + m[0].length;
  }
  out.push(text.slice(last));
  return out.join('').replace(/\s+/g, ' ').trim();
}

function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Reads until `close` (a char such as '}' or ']') or the end. */
function readSequence(c: Cursor, close: string | null): string {
  let out = '';
  while (c.at < c.src.length) {
    const ch = c.src[c.at] ?? '';
    if (close !== null && ch === close) {
      c.at++;
      return out;
    }
    if (ch === '{') {
      c.at++;
      out += readSequence(c, '}');
    } else if (ch === '\\') {
      out = appendWord(out, readCommand(c), c);
    } else if (ch === '^' || ch === '_') {
      c.at++;
      out += ch + scriptGroup(readArgument(c));
    } else if (ch === '~') {
      c.at++;
      out += ' ';
    } else {
      c.at++;
      out += ch;
    }
  }
  return out;
}

/** One argument: a braced group, a command, or a single character. */
function readArgument(c: Cursor): string {
  while (c.src[c.at] === ' ') c.at++;
  const ch = c.src[c.at];
  if (ch === undefined) return '';
  if (ch === '{') {
    c.at++;
    return tidy(readSequence(c, '}'));
  }
  if (ch === '\\') return readCommand(c).trim();
  c.at++;
  return ch;
}

/** An optional [..] argument. */
function readOptional(c: Cursor): string | null {
  while (c.src[c.at] === ' ') c.at++;
  if (c.src[c.at] !== '[') return null;
  c.at++;
  return tidy(readSequence(c, ']'));
}

/** Word-like readings ("sqrt(2)", "pi", "sin") get a space from a letter or digit before them. */
function appendWord(out: string, word: string, c: Cursor): string {
  if (/^[A-Za-z]/.test(word) && /[A-Za-z0-9]$/.test(out)) out += ' ';
  out += word;
  // TeX swallows the space after a control word ("\sin (x)" is "sin(x)"); a
  // letter or digit that follows a word-like reading still needs one ("arcsin 0.4").
  if (/[A-Za-z]$/.test(word)) {
    while (c.src[c.at] === ' ') c.at++;
    if (/^[A-Za-z0-9]/.test(c.src.slice(c.at))) out += ' ';
  }
  return out;
}

function readCommand(c: Cursor): string {
  c.at++; // the backslash
  const rest = c.src.slice(c.at);
  const name = /^[A-Za-z]+/.exec(rest)?.[0] ?? rest[0] ?? '';
  c.at += name.length;
  if (DROPPED.has(name)) return '';
  if (SPACES.has(name)) return ' ';
  if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') {
    const num = readArgument(c);
    const den = readArgument(c);
    return `${group(num)}/${group(den)}`;
  }
  if (name === 'binom' || name === 'dbinom' || name === 'tbinom') {
    const n = readArgument(c);
    const k = readArgument(c);
    return `C(${n}, ${k})`;
  }
  if (name === 'sqrt') {
    const index = readOptional(c);
    const radicand = readArgument(c);
    return index ? `root(${index}, ${radicand})` : `sqrt(${radicand})`;
  }
  if (TEXT_ARGUMENT.has(name)) {
    // Text keeps its own spaces ("\text{ cm}").
    while (c.src[c.at] === ' ') c.at++;
    if (c.src[c.at] !== '{') return readArgument(c);
    c.at++;
    return readSequence(c, '}');
  }
  if (name in RELATIONS) return ` ${RELATIONS[name]} `;
  if (name in WORDS) return WORDS[name] ?? '';
  // Function names and Greek letters read as their names: \sin → sin, \pi → pi.
  return name;
}

/** Parentheses around an exponent, subscript, numerator or denominator unless it is one number or symbol. */
export function group(text: string): string {
  const t = text.trim();
  return /^-?[A-Za-z0-9.]+$/.test(t) || isCall(t) ? t : `(${t})`;
}

/** An exponent or subscript: bare when one number or one letter, else parenthesised (2^(2x)). */
function scriptGroup(text: string): string {
  const t = text.trim();
  return /^-?\d+(?:\.\d+)?$|^[A-Za-z]$/.test(t) || isCall(t) ? t : `(${t})`;
}

/** "sqrt(x+1)": a name and one parenthesised argument that runs to the end. */
function isCall(text: string): boolean {
  const open = /^[A-Za-z]+\(/.exec(text)?.[0].length;
  if (open === undefined) return false;
  let depth = 1;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i === text.length - 1;
  }
  return false;
}
