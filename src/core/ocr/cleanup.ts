/**
 * From tesseract's text to a problem a model can read: ASCII operators,
 * exponents written with ^, lines joined into one paragraph, and the usual
 * OCR confusions undone where the context is clearly numeric or mathematical.
 * Pure string rules; every rule has a test in cleanup.test.ts.
 */

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁺': '+',
  '⁻': '-',
  ⁿ: 'n',
  ˣ: 'x',
};

const SUBSCRIPTS: Record<string, string> = {
  '₀': '0',
  '₁': '1',
  '₂': '2',
  '₃': '3',
  '₄': '4',
  '₅': '5',
  '₆': '6',
  '₇': '7',
  '₈': '8',
  '₉': '9',
};

const CHAR_MAP: [RegExp, string][] = [
  [/[\u2212\u2010\u2011\u2012\u2013\u2014\u2015\uFE63\uFF0D]/g, '-'],
  [/[\u00D7\u2715\u2716\u22C5\u00B7\u2219]/g, '*'],
  [/\u00F7/g, '/'],
  [/\u2264|\u2A7D/g, '<='],
  [/\u2265|\u2A7E/g, '>='],
  [/\u2260/g, '!='],
  [/[\u2018\u2019\u201B\u2032]/g, "'"],
  [/[\u201C\u201D\u201F\u2033]/g, '"'],
  [/\uFB01/g, 'fi'],
  [/\uFB02/g, 'fl'],
  [/\uFB00/g, 'ff'],
  [/\u2026/g, '...'],
  [/\u03C0/g, 'pi'],
  [/\u221E/g, 'infinity'],
  [/[\u00A0\u2009\u200A\u202F]/g, ' '],
];

/** Unicode operators and typographic characters → the ASCII a model reads reliably. */
export function normalizeCharacters(text: string): string {
  let out = text;
  for (const [pattern, replacement] of CHAR_MAP) out = out.replace(pattern, replacement);
  out = out.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿˣ]+/g, (run) => {
    const plain = [...run].map((c) => SUPERSCRIPTS[c] ?? c).join('');
    return plain.length === 1 || /^\d+$/.test(plain) ? `^${plain}` : `^(${plain})`;
  });
  out = out.replace(/[₀-₉]+/g, (run) => `_${[...run].map((c) => SUBSCRIPTS[c] ?? c).join('')}`);
  // √x, √(x+1), √12 → sqrt(…)
  out = out.replace(/\u221A\s*(\([^()]*\)|[A-Za-z0-9.]+)/g, (_m, arg: string) =>
    arg.startsWith('(') ? `sqrt${arg}` : `sqrt(${arg})`,
  );
  return out;
}

/**
 * Joins the lines of a problem into one paragraph. A line that ends in a
 * hyphen after a letter joins the next without a space and keeps the hyphen:
 * browsers and typesetters rarely hyphenate math problems, so a hyphen at the
 * end of a line is almost always a real one ("fourth-grade").
 */
export function joinLines(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  let out = '';
  for (const line of lines) {
    if (out === '') out = line;
    else if (/[A-Za-z]-$/.test(out) && /^[a-z]/.test(line)) out += line;
    else out += ` ${line}`;
  }
  return out;
}

/** Letters that tesseract confuses with digits, fixed only between digits. */
const DIGIT_LOOKALIKES: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  l: '1',
  I: '1',
  '|': '1',
  S: '5',
  B: '8',
  Z: '2',
};

/**
 * Confusions that only make sense to undo in context:
 * - a letter that looks like a digit inside a number ("1O5" → "105", "2l" → "21");
 * - ¢ where no amount precedes it is the letter c in a formula ("a + ¢ = 5");
 * - a capital X glued to a digit or an operator is the variable x.
 */
export function fixConfusions(text: string): string {
  let out = text;
  out = out.replace(
    /(?<=\d)[OoDlIS|BZ](?=\d)|(?<![A-Za-z])[lI|](?=\d{2,}\b)/g,
    (c) => DIGIT_LOOKALIKES[c] ?? c,
  );
  out = out.replace(/(?<!\d)\u00A2c?/g, 'c');
  // Handwritten x and X differ only in size, which tesseract cannot judge: a
  // capital X glued to a number or an operator is the variable x ("2X+1").
  out = out.replace(/(?<=[0-9+\-*/=^(])X|X(?=[0-9+\-*/=^)])/g, 'x');
  return out;
}

/** Spacing: one space between words, none inside brackets or before closing punctuation. */
export function fixSpacing(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;:!?)\]}])/g, '$1')
    .replace(/([([{])\s+/g, '$1')
    .replace(/\s+\.(?=\s|$)/g, '.')
    .trim();
}

/** Drops stray marks that OCR reads at the edges of a photo ("~", "‘", "_") before or after the text. */
export function trimNoise(text: string): string {
  return text
    .replace(/^(?:[~`'‘’"“”_|•·=\-—.,:;]+\s+)+/, '')
    .replace(/(?:\s+[~`'‘’"“”_|•·=—,:;]+)+$/, '');
}

export function cleanupText(text: string): string {
  return fixSpacing(fixConfusions(normalizeCharacters(trimNoise(joinLines(text)))));
}
