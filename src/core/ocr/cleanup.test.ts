import { describe, expect, it } from 'vitest';
import {
  cleanupText,
  fixConfusions,
  fixSpacing,
  joinLines,
  normalizeCharacters,
  trimNoise,
} from './cleanup';

describe('normalizeCharacters', () => {
  it('turns Unicode operators into ASCII', () => {
    expect(normalizeCharacters('3 \u00D7 4 \u2212 2 \u00F7 1 \u2264 7 \u2265 0 \u2260 5')).toBe(
      '3 * 4 - 2 / 1 <= 7 >= 0 != 5',
    );
    expect(normalizeCharacters('a\u00B7b and 2\u22C53')).toBe('a*b and 2*3');
  });

  it('writes superscript digits as exponents and subscripts with _', () => {
    expect(normalizeCharacters('x\u00B2 + y\u00B3 = 10\u00B9\u00B2')).toBe('x^2 + y^3 = 10^12');
    expect(normalizeCharacters('a\u207F\u207A\u00B9')).toBe('a^(n+1)');
    expect(normalizeCharacters('413\u2085')).toBe('413_5');
  });

  it('writes roots as sqrt(…)', () => {
    expect(normalizeCharacters('\u221A2 + \u221A(x+1)')).toBe('sqrt(2) + sqrt(x+1)');
  });

  it('straightens quotes, splits ligatures and spells out π', () => {
    expect(normalizeCharacters('\u201CTom\u2019s \uFB01sh\u201D \u03C0r')).toBe(
      '"Tom\'s fish" pir',
    );
  });
});

describe('joinLines', () => {
  it('joins lines with spaces and keeps a line-end hyphen without one', () => {
    expect(joinLines('5 fourth-\ngrade girls and\n4 boys')).toBe('5 fourth-grade girls and 4 boys');
    expect(joinLines('x = 3 -\n2')).toBe('x = 3 - 2');
    expect(joinLines('\n  a\n\n b \n')).toBe('a b');
  });
});

describe('fixConfusions', () => {
  it('reads look-alike letters as digits inside numbers only', () => {
    expect(fixConfusions('1O5 apples and l20 pears')).toBe('105 apples and 120 pears');
    expect(fixConfusions('2l3 and 4S6')).toBe('213 and 456');
    expect(fixConfusions('Oliver has 10 Oranges')).toBe('Oliver has 10 Oranges');
    expect(fixConfusions('I have 20 coins')).toBe('I have 20 coins');
  });

  it('reads ¢ as the letter c unless an amount precedes it', () => {
    expect(fixConfusions('a + \u00A2 = 5 and a + \u00A2c = 2')).toBe('a + c = 5 and a + c = 2');
    expect(fixConfusions('it costs 50\u00A2')).toBe('it costs 50\u00A2');
  });

  it('reads a capital X glued to a number or operator as the variable x', () => {
    expect(fixConfusions('2X+1=7 and X-3')).toBe('2x+1=7 and x-3');
    expect(fixConfusions('Company X sold 3')).toBe('Company X sold 3');
  });
});

describe('spacing and noise', () => {
  it('collapses spaces and removes them before closing punctuation', () => {
    expect(fixSpacing('Find  x , then y ( in cm ) .')).toBe('Find x, then y (in cm).');
  });

  it('trims stray marks at the edges of the text', () => {
    expect(trimNoise('~ \u2018 While walking')).toBe('While walking');
    expect(trimNoise('How much? _ ~')).toBe('How much?');
    expect(trimNoise('-3 is negative')).toBe('-3 is negative');
  });
});

describe('cleanupText', () => {
  it('takes tesseract text to a problem a model can read', () => {
    expect(cleanupText('~ If 10\u00B2 \u2014 10 = 9990 ,\nwhat is x equal to ?\n')).toBe(
      'If 10^2 - 10 = 9990, what is x equal to?',
    );
  });
});
