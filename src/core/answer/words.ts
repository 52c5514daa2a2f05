import { pyFloatStr } from './py';

/**
 * The official normaliser runs every answer through the word2number package
 * (`w2n.word_to_num`), keeping the input when it raises. Its rules are loose
 * on purpose here: any known number word anywhere in the text counts, so
 * "two apples" becomes "2". Reproduced, quirks included, because it decides
 * what the official evaluation compares.
 */
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  thousand: 1000,
  million: 1000000,
  billion: 1000000000,
};
const DIGIT_WORDS = new Set([
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
]);

class NotANumber extends Error {}

function value(word: string): number {
  const v = NUMBER_WORDS[word];
  if (v === undefined) throw new NotANumber(word);
  return v;
}

function numberFormation(words: readonly string[]): number {
  const n = words.map(value);
  const [a, b, c, d] = n;
  if (a === undefined) throw new NotANumber('empty'); // Python: IndexError
  if (n.length === 4) return a * (b as number) + (c as number) + (d as number);
  if (n.length === 3) return a * (b as number) + (c as number);
  if (n.length === 2) return n.includes(100) ? a * (b as number) : a + (b as number);
  return a;
}

/** The digits after "point", or undefined where Python returns the int 0 (a non-digit word). */
function decimalSum(words: readonly string[]): number | undefined {
  if (!words.every((w) => DIGIT_WORDS.has(w))) return undefined;
  return Number(`0.${words.map(value).join('')}`);
}

const DIGIT = /\p{Nd}/u;

/**
 * Any script's decimal digits as ASCII, as Python's int() reads them. Unicode
 * lays each script's digits out as a run of ten from its zero, so a digit's
 * value is its distance from the start of its run, modulo ten.
 */
function asciiDigits(s: string): string {
  return Array.from(s, (ch) => {
    const cp = ch.codePointAt(0) as number;
    let start = cp;
    while (DIGIT.test(String.fromCodePoint(start - 1))) start--;
    return String((cp - start) % 10);
  }).join('');
}

/** `w2n.word_to_num(text)` as a string, or undefined where it raises. */
export function wordToNumber(text: string): string | undefined {
  const sentence = text.replace(/-/g, ' ').toLowerCase();
  if (/^\p{Nd}+$/u.test(sentence)) return asciiDigits(sentence).replace(/^0+(?=.)/, ''); // int(s), exact at any length
  const words = sentence.split(/\s+/u).filter((w) => w !== '');
  let clean = words.filter((w) => w in NUMBER_WORDS || w === 'point');
  if (clean.length === 0) return undefined;
  const count = (w: string) => clean.filter((x) => x === w).length;
  if (count('thousand') > 1 || count('million') > 1 || count('billion') > 1 || count('point') > 1) {
    return undefined;
  }
  let decimals: string[] = [];
  const point = clean.indexOf('point');
  if (point >= 0) {
    decimals = clean.slice(point + 1);
    clean = clean.slice(0, point);
  }
  const bi = clean.indexOf('billion');
  const mi = clean.indexOf('million');
  const th = clean.indexOf('thousand');
  if ((th > -1 && (th < mi || th < bi)) || (mi > -1 && mi < bi)) return undefined;
  try {
    let total = 0;
    if (clean.length === 1) {
      total += value(clean[0] as string);
    } else if (clean.length > 1) {
      if (bi > -1) total += numberFormation(clean.slice(0, bi)) * 1e9;
      if (mi > -1) total += numberFormation(clean.slice(bi > -1 ? bi + 1 : 0, mi)) * 1e6;
      if (th > -1) {
        const from = mi > -1 ? mi + 1 : bi > -1 ? bi + 1 : 0;
        total += numberFormation(clean.slice(from, th)) * 1000;
      }
      let hundreds = 0;
      if (th > -1 && th !== clean.length - 1) hundreds = numberFormation(clean.slice(th + 1));
      else if (mi > -1 && mi !== clean.length - 1) hundreds = numberFormation(clean.slice(mi + 1));
      else if (bi > -1 && bi !== clean.length - 1) hundreds = numberFormation(clean.slice(bi + 1));
      else if (th === -1 && mi === -1 && bi === -1) hundreds = numberFormation(clean);
      total += hundreds;
    }
    const fraction = decimals.length > 0 ? decimalSum(decimals) : undefined;
    // Python adds a float here, and str() of a float always shows a decimal point.
    if (fraction !== undefined) return pyFloatStr(total + fraction);
    return String(total);
  } catch (error) {
    if (error instanceof NotANumber) return undefined;
    throw error;
  }
}

/** `convert_word_number`: the number the words spell, else the text unchanged. */
export function convertWordNumber(text: string): string {
  return wordToNumber(text) ?? text;
}
