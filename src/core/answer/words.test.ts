import { describe, expect, it } from 'vitest';
import { convertWordNumber, wordToNumber } from './words';

// Expected values are word2number's (w2n.word_to_num), which the official normaliser calls.
describe('wordToNumber', () => {
  it.each([
    ['five', '5'],
    ['Twenty-one', '21'],
    ['two hundred', '200'],
    ['one thousand two hundred thirty four', '1234'],
    ['three million', '3000000'],
    ['one point five', '1.5'],
    ['point', '0'],
    ['five point x', '5'],
    ['two apples', '2'],
    ['0123', '123'],
    ['١٢', '12'],
  ])('%s → %s', (text, expected) => {
    expect(wordToNumber(text)).toBe(expected);
  });

  it.each([['apples'], ['thousand thousand'], ['thousand five'], ['-5'], ['²'], ['']])(
    'raises on %s (the text is kept)',
    (text) => {
      expect(wordToNumber(text)).toBeUndefined();
      expect(convertWordNumber(text)).toBe(text);
    },
  );
});
