import { PY_DIGIT, PY_WORD, pyLen, pyStr, pyStrip, pyStripChars } from './py';
import { convertWordNumber } from './words';

/**
 * `strip_string`: the normal form the official evaluation reduces every
 * predicted and reference answer to before comparing them (QwenLM/Qwen2.5-Math
 * evaluation/parser.py). The order of the steps matters and so do its quirks
 * (bare unit words such as "a", "t" or "m" are deleted anywhere they stand
 * alone; every "and" goes), because accuracy is measured after them.
 */

/** Unit words (mostly from MathQA) the official normaliser deletes, in its order, then each plural. */
// biome-ignore format: kept dense and in the original's order, so it can be compared with it
const UNIT_TEXTS_BASE = [
  'east', 'degree', 'mph', 'kmph', 'ft', 'm sqaure', ' m east', 'sq m', 'deg', 'mile', 'q .', 'monkey',
  'prime', 'ratio', 'profit of rs', 'rd', 'o', 'gm', 'p . m', 'lb', 'tile', 'per', 'dm', 'lt', 'gain', 'ab',
  'way', 'west', 'a .', 'b .', 'c .', 'd .', 'e .', 'f .', 'g .', 'h .', 't', 'a', 'h', 'no change', 'men',
  'soldier', 'pie', 'bc', 'excess', 'st', 'inches', 'noon', 'percent', 'by', 'gal', 'kmh', 'c', 'acre',
  'rise', 'a . m', 'th', 'π r 2', 'sq', 'mark', 'l', 'toy', 'coin', 'sq . m', 'gallon', '° f', 'profit',
  'minw', 'yr', 'women', 'feet', 'am', 'pm', 'hr', 'cu cm', 'square', 'v â € ™', 'are', 'rupee', 'rounds',
  'cubic', 'cc', 'mtr', 's', 'ohm', 'number', 'kmph', 'day', 'hour', 'minute', 'min', 'second', 'man',
  'woman', 'sec', 'cube', 'mt', 'sq inch', 'mp', '∏ cm ³', 'hectare', 'more', 'sec', 'unit', 'cu . m',
  'cm 2', 'rs .', 'rs', 'kg', 'g', 'month', 'km', 'm', 'cm', 'mm', 'apple', 'liter', 'loss', 'yard', 'pure',
  'year', 'increase', 'decrease', 'd', 'less', 'Surface', 'litre', 'pi sq m', 's .', 'metre', 'meter', 'inch',
] as const;
export const UNIT_TEXTS: readonly string[] = [
  ...UNIT_TEXTS_BASE,
  ...UNIT_TEXTS_BASE.map((t) => `${t}s`),
];

let unitPatterns: RegExp[] | undefined;

/**
 * The unit words are regex sources in the original, not escaped: "q ." matches
 * "q x" too. Built on first use: 400 patterns are not worth compiling for a
 * page that never grades.
 */
function unitRegexes(): RegExp[] {
  unitPatterns ??= UNIT_TEXTS.map(
    (t) => new RegExp(`(^|[^${PY_WORD}])${t}($|[^${PY_WORD}])`, 'gu'),
  );
  return unitPatterns;
}

/** Deletes unit words standing alone, two passes over the list, never down to nothing. */
export function removeUnitTexts(s: string): string {
  let string = s;
  for (let pass = 0; pass < 2; pass++) {
    for (const re of unitRegexes()) {
      const next = string.replace(re, '$1$2');
      if (next !== '') string = next;
    }
  }
  return string;
}

/** `\frac12` → `\frac{1}{2}`, `\frac1{72}` → `\frac{1}{72}`; gives up (returns the input) on `\frac1` at the end. */
export function fixFracs(string: string): string {
  const [head = '', ...rest] = string.split('\\frac');
  let out = head;
  for (const substr of rest) {
    out += '\\frac';
    if (substr.startsWith('{')) {
      out += substr;
      continue;
    }
    const cps = Array.from(substr);
    const [a, b] = cps;
    if (a === undefined || b === undefined) return string;
    const post = cps.slice(2).join('');
    out += b !== '{' ? `{${a}}{${b}}${post}` : `{${a}}${b}${post}`;
  }
  return out;
}

const CANONICAL_INT = /^(?:0|-?[1-9][0-9]*)$/;

/**
 * `a/b` → `\frac{a}{b}` only when both sides are integers written the way
 * Python prints them (or contain "sqrt"): the original parses with int() and
 * then insists the string round-trips.
 */
export function fixASlashB(string: string): string {
  const parts = string.split('/');
  if (parts.length !== 2) return string;
  const [a = '', b = ''] = parts;
  const ok = (side: string) => side.includes('sqrt') || CANONICAL_INT.test(side);
  return ok(a) && ok(b) ? `\\frac{${a}}{${b}}` : string;
}

const SQRT_WORD = new RegExp(`\\\\sqrt([${PY_WORD}]+)`, 'gu');

/** `\sqrt2` → `\sqrt{2}`, `\sqrtx` → `\sqrt{x}` (a whole run of word characters). */
export function fixSqrt(string: string): string {
  return string.replace(SQRT_WORD, '\\sqrt{$1}');
}

const ARRAY_BEGIN = /\\begin\{array\}\{[^\n]*?\}/g;
const TRAILING_TEXT = /\\text\{[^\n]*?\}$/;
const TEXT_BLOCK = /\\text\{([^\n]*?)\}/g;
const MBOX = /\\mbox\{[^\n]*?\}/g;
const DECIMAL_ZEROS = new RegExp(`([${PY_DIGIT}]+)\\.0*([^${PY_DIGIT}])`, 'gu');
const DECIMAL_ZEROS_END = new RegExp(`([${PY_DIGIT}]+)\\.0*$`, 'u');
const VARIABLE_PREFIXES = ['x=', 'y=', 'z=', 'x\\in', 'y\\in', 'z\\in', 'x\\to', 'y\\to', 'z\\to'];

export interface StripOptions {
  /** Keep unit words (the official does for carp_en and minerva_math). */
  skipUnit?: boolean;
}

/** The official `strip_string`. Numbers are printed as Python's str() would first. */
export function stripString(input: string | number, options: StripOptions = {}): string {
  let string = pyStrip(pyStr(input));
  string = string.replaceAll('\n', '');
  string = pyStripChars(string, '.', 'right');
  string = string.replaceAll('\\!', '');

  // matrices: every array and bmatrix becomes a pmatrix
  string = string.replace(ARRAY_BEGIN, '\\begin{pmatrix}');
  string = string.replaceAll('\\end{array}', '\\end{pmatrix}');
  string = string.replaceAll('bmatrix', 'pmatrix');

  string = string.replaceAll('tfrac', 'frac').replaceAll('dfrac', 'frac');
  string = string
    .replaceAll('\\neq', '\\ne')
    .replaceAll('\\leq', '\\le')
    .replaceAll('\\geq', '\\ge');

  string = string.replaceAll('\\left', '').replaceAll('\\right', '');
  string = string.replaceAll('\\{', '{').replaceAll('\\}', '}');

  // a trailing \text{…} is a unit ("5\text{ cm}"): drop it unless nothing would be left
  const withoutUnit = pyStrip(string.replace(TRAILING_TEXT, ''));
  if (withoutUnit !== '' && withoutUnit !== string) string = withoutUnit;

  if (!options.skipUnit) string = removeUnitTexts(string);

  string = string.replaceAll('^{\\circ}', '').replaceAll('^\\circ', '');
  string = string.replaceAll('\\$', '').replaceAll('$', '');
  string = string.replaceAll('\\(', '').replaceAll('\\)', '');

  string = convertWordNumber(string);

  string = string.replace(TEXT_BLOCK, '$1');
  for (const key of VARIABLE_PREFIXES) string = string.replaceAll(key, '');
  string = string.replaceAll('\\emptyset', '{}');
  string = string.replaceAll('(-\\infty,\\infty)', '\\mathbb{R}');

  string = string.replaceAll('\\%', '').replaceAll('%', '');

  string = string.replaceAll(' .', ' 0.').replaceAll('{.', '{0.');
  // (The original then unwraps "{x}", "(x)", "[x]" only when the whole string
  // is alphanumeric, which a bracketed string never is: a no-op, left out.)

  string = string.replaceAll('infinity', '\\infty');
  if (!string.includes('\\infty')) string = string.replaceAll('inf', '\\infty');
  string = string.replaceAll('+\\inity', '\\infty');

  string = string.replaceAll('and', '');
  string = string.replaceAll('\\mathbf', '');
  string = string.replace(MBOX, '');
  // (Quotes: the original's replace() results are discarded, so quotes stay.)

  if (string.includes('j') && !string.includes('i')) string = string.replaceAll('j', 'i');

  // 2.0 → 2, 3.500 stays (only zeros right before a non-digit or the end go)
  string = string.replace(DECIMAL_ZEROS, '$1$2');
  string = string.replace(DECIMAL_ZEROS_END, '$1');

  if (string.length === 0) return string;
  if (string.startsWith('.')) string = `0${string}`;

  // "k = 5" → "5" when the left side is at most two characters
  const sides = string.split('=');
  if (sides.length === 2 && pyLen(sides[0] as string) <= 2) string = sides[1] as string;

  string = fixSqrt(string);
  string = string.replaceAll(' ', '');
  string = fixFracs(string);
  string = fixASlashB(string);
  return string;
}
