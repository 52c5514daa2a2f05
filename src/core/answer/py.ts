/**
 * The few Python behaviours the official evaluation leans on without saying
 * so: what `str.strip()` counts as whitespace, what `float()` accepts, how
 * `str(float)` prints, `math.isclose`, and Unicode-aware `\w` / `\d`. JS
 * differs from Python on each, and each difference changes a verdict
 * somewhere, so the rest of this folder goes through these.
 */

/** Python's `str.isspace()` set (JS `trim` differs: it strips \uFEFF, keeps \x1C-\x1F and \x85). */
export const PY_SPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** Python's `\w` for str patterns: letters, numbers and underscore, in any script. */
export const PY_WORD = '\\p{L}\\p{N}_';
/** Python's `\d` for str patterns: any decimal digit. */
export const PY_DIGIT = '\\p{Nd}';

const LEADING_SPACE = new RegExp(`^[${PY_SPACE}]+`, 'u');
const TRAILING_SPACE = new RegExp(`[${PY_SPACE}]+$`, 'u');

/** `s.strip()` */
export function pyStrip(s: string): string {
  return s.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '');
}

/** `s.strip(chars)`, `s.lstrip(chars)`, `s.rstrip(chars)`: a set of characters, not a prefix. */
export function pyStripChars(
  s: string,
  chars: string,
  side: 'both' | 'left' | 'right' = 'both',
): string {
  const set = new Set(chars);
  const cps = Array.from(s);
  let start = 0;
  let end = cps.length;
  if (side !== 'right') while (start < end && set.has(cps[start] as string)) start++;
  if (side !== 'left') while (end > start && set.has(cps[end - 1] as string)) end--;
  return cps.slice(start, end).join('');
}

/** `len(s)`: code points, not UTF-16 units. */
export function pyLen(s: string): number {
  return Array.from(s).length;
}

const FLOAT_DIGITS = '[0-9](?:_?[0-9])*';
const FLOAT_LITERAL = new RegExp(
  `^[+-]?(?:(?:${FLOAT_DIGITS}(?:\\.(?:${FLOAT_DIGITS})?)?|\\.${FLOAT_DIGITS})(?:[eE][+-]?${FLOAT_DIGITS})?|inf|infinity|nan)$`,
  'i',
);

/**
 * `float(s)`, or undefined where Python raises ValueError. Accepts what Python
 * does: surrounding whitespace, a sign, `_` between digits, exponents, and
 * inf / infinity / nan in any case. (Python also reads non-ASCII decimal
 * digits; model answers do not use them.)
 */
export function pyFloat(s: string): number | undefined {
  const t = pyStrip(s);
  if (!FLOAT_LITERAL.test(t)) return undefined;
  const body = t.replace(/_/g, '').toLowerCase();
  const sign = body.startsWith('-') ? -1 : 1;
  const unsigned = body.replace(/^[+-]/, '');
  if (unsigned === 'inf' || unsigned === 'infinity') return sign * Number.POSITIVE_INFINITY;
  if (unsigned === 'nan') return Number.NaN;
  return Number(body);
}

/** `str(x)` for a Python float: `27.0`, `0.5`, `1e-05`, `1e+16`. */
export function pyFloatStr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${mantissa}e${exp < 0 ? '-' : '+'}${e}`;
  }
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let text: string;
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    text = `${intPart}.${frac || '0'}`;
  } else {
    text = `0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return negative ? `-${text}` : text;
}

/** `str(value)` for what JSON gives us: numbers print as Python floats when not integers. */
export function pyStr(value: string | number): string {
  if (typeof value === 'string') return value;
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : pyFloatStr(value);
}

/** `math.isclose(a, b, rel_tol=relTol)` (abs_tol 0). */
export function isClose(a: number, b: number, relTol = 1e-4): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b));
}
