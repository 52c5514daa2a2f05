/**
 * What a formula recogniser writes, made fit for the Problem box: tokenizers
 * trained on spaced-out LaTeX ("\frac { 1 } { x }") decode with a space
 * between every token; the spaces go, except where TeX needs one (after a
 * control word, before a letter: "\pi r").
 */
export function tidyLatex(latex: string): string {
  // Keep exactly the spaces that end a control word before a letter; drop the rest.
  return latex
    .trim()
    .split(/\s+/)
    .reduce(
      (out, piece) =>
        /\\[A-Za-z]+$/.test(out) && /^[A-Za-z]/.test(piece) ? `${out} ${piece}` : out + piece,
      '',
    );
}

/**
 * A formula's reading as it goes into the text: punctuation that ends it
 * (a comma read with "x = 2,") stays outside the dollars.
 */
export function inlineFormula(latex: string): { math: string; after: string } {
  const m = /^(.*?)([,.;:?!]*)$/.exec(latex);
  const math = (m?.[1] ?? latex).trim();
  return { math, after: m?.[2] ?? '' };
}
