import { describe, expect, it } from 'vitest';
import { fixASlashB, fixFracs, fixSqrt, removeUnitTexts, stripString } from './normalize';

// Every expected value below is what the official strip_string returns for the
// input (checked by running QwenLM/Qwen2.5-Math evaluation/parser.py).
describe('stripString: one case per rule', () => {
  it.each([
    ['line breaks go', '1\n2', '12'],
    ['trailing dots go', '5...', '5'],
    ['\\! goes', '1\\!000', '1000'],
    [
      'array becomes pmatrix',
      '\\begin{array}{cc} 1 & 2 \\\\ 3 & 4 \\end{array}',
      '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}',
    ],
    [
      'bmatrix becomes pmatrix',
      '\\begin{bmatrix}1\\\\2\\end{bmatrix}',
      '\\begin{pmatrix}1\\\\2\\end{pmatrix}',
    ],
    ['\\dfrac becomes \\frac', '\\dfrac{1}{2}', '\\frac{1}{2}'],
    ['\\tfrac becomes \\frac', '\\tfrac{3}{4}', '\\frac{3}{4}'],
    ['\\neq becomes \\ne', 'x \\neq 2', 'x\\ne2'],
    ['\\leq becomes \\le', 'x\\leq 2', 'x\\le2'],
    ['\\geq becomes \\ge', 'x\\geq2', 'x\\ge2'],
    ['\\left and \\right go', '\\left( 1, 2 \\right)', '(1,2)'],
    ['escaped braces lose the backslash', '\\{1,2\\}', '{1,2}'],
    ['a trailing \\text unit goes', '5\\text{ cm}', '5'],
    ['a trailing \\text unit goes (dollars)', '10\\text{ dollars}', '10'],
    ['…unless nothing would be left', '\\text{(A)}', '(A)'],
    ['unit words go', '3 mph', '3'],
    ['unit words go (feet)', '12 feet', '12'],
    ['unit words go (m)', '5 m', '5'],
    ['a lone "a" is a unit word too', '(a+5)(b+2)', '(+5)(b+2)'],
    ['^\\circ goes', '90^\\circ', '90'],
    ['^{\\circ} goes', '90^{\\circ}', '90'],
    ['\\$ goes', '\\$5', '5'],
    ['$ goes', '$5$', '5'],
    ['\\( \\) go', '\\(x\\)', 'x'],
    ['number words become digits', 'twenty-one', '21'],
    ['number words with a point', 'one point five', '1.5'],
    ['leading zeros go (int())', '0123', '123'],
    ['\\text{…} keeps its content', '\\text{Monday}', 'Monday'],
    ['x= goes', 'x=3', '3'],
    ['y\\in goes', 'y\\in[1,2]', '[1,2]'],
    ['x\\to goes', 'x\\to\\infty', '\\infty'],
    ['\\emptyset becomes {}', '\\emptyset', '{}'],
    ['(-\\infty,\\infty) becomes \\mathbb{R}', '(-\\infty,\\infty)', '\\mathbb{R}'],
    ['\\% goes', '50\\%', '50'],
    ['% goes', '50%', '50'],
    ['a leading . gets a 0', '.5', '0.5'],
    ['" ." gets a 0', ' .5', '0.5'],
    ['"{." gets a 0', '{.5}', '{0.5}'],
    ['inf becomes \\infty', 'inf', '\\infty'],
    ['infinity becomes \\infty', 'infinity', '\\infty'],
    ['every "and" goes', '4 \\text{ and } 5', '45'],
    ['\\mathbf goes', '\\mathbf{v}', '{v}'],
    ['\\mbox{…} goes', '1\\mbox{m}', '1'],
    ['j becomes i when there is no i', '2+3j', '2+3i'],
    ['j stays when there is an i', '2+3i+j', '2+3i+j'],
    ['trailing zeros go at the end', '2.000', '2'],
    ['trailing zeros go before a non-digit', '1.0,2.0', '1,2'],
    ['other decimals stay', '2.50', '2.50'],
    ['"k = 5" becomes 5', 'k = 5', '5'],
    ['a longer left side stays', 'abc = 5', 'abc=5'],
    ['\\sqrt2 gets braces', '\\sqrt2', '\\sqrt{2}'],
    ['spaces go', '1 2 3', '123'],
    ['\\frac12 gets braces', '\\frac12', '\\frac{1}{2}'],
    ['\\frac1{72} gets braces', '\\frac1{72}', '\\frac{1}{72}'],
    ['\\frac{72}1 stays', '\\frac{72}1', '\\frac{72}1'],
    ['a/b becomes \\frac', '3 / 4', '\\frac{3}{4}'],
    ['-a/b becomes \\frac', '-3/4', '\\frac{-3}{4}'],
    ['a/b with a leading zero stays', '03/4', '03/4'],
    ['sqrt/b becomes \\frac', '\\sqrt2/2', '\\frac{\\sqrt{2}}{2}'],
    ['{,} stays', '10{,}000', '10{,}000'],
    ['thousands commas stay', '1,000', '1,000'],
  ])('%s: %j → %j', (_rule, input, expected) => {
    expect(stripString(input)).toBe(expected);
  });

  it('prints numbers as Python would first (amc23 answers are floats)', () => {
    expect(stripString(27.0)).toBe('27');
    expect(stripString(0.5)).toBe('0.5');
  });

  it('keeps unit words with skipUnit (carp_en, minerva_math)', () => {
    expect(stripString('3 mph', { skipUnit: true })).toBe('3mph');
    expect(stripString('(a+5)(b+2)', { skipUnit: true })).toBe('(a+5)(b+2)');
    expect(stripString('a and b', { skipUnit: true })).toBe('ab');
  });

  it('is not idempotent, which is why predictions are stripped twice', () => {
    const once = stripString('x \\in [-2,7]');
    expect(once).toBe('x\\in[-2,7]');
    expect(stripString(once)).toBe('[-2,7]');
  });
});

describe('the helpers', () => {
  it('fixFracs gives up on a \\frac with one character left', () => {
    expect(fixFracs('\\frac1')).toBe('\\frac1');
    expect(fixFracs('\\frac{1}{2}+\\frac34')).toBe('\\frac{1}{2}+\\frac{3}{4}');
  });

  it('fixASlashB needs integers written as Python prints them', () => {
    expect(fixASlashB('1/2')).toBe('\\frac{1}{2}');
    expect(fixASlashB('+1/2')).toBe('+1/2');
    expect(fixASlashB('1/2/3')).toBe('1/2/3');
    expect(fixASlashB('x/2')).toBe('x/2');
  });

  it('fixSqrt wraps a whole run of word characters', () => {
    expect(fixSqrt('\\sqrt{2}')).toBe('\\sqrt{2}');
    expect(fixSqrt('\\sqrtab+1')).toBe('\\sqrt{ab}+1');
  });

  it('removeUnitTexts treats unit texts as patterns, never leaves nothing', () => {
    expect(removeUnitTexts('5 q x')).toBe('5 ');
    expect(removeUnitTexts('q x')).toBe('q x');
    expect(removeUnitTexts('m')).toBe('m');
    expect(removeUnitTexts('5 hours')).toBe('5 ');
  });
});
