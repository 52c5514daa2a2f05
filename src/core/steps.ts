/**
 * A solution cut into steps, for hints shown one at a time and for "Explain
 * step N". A step ends at a paragraph break (a blank line), before a heading,
 * and after a display formula that ends a line when more text follows it in
 * the same paragraph ("…we get\n$$x=2$$\nso…": the formula closes the step
 * that led to it). Never inside math, never inside code: the cuts come from
 * the renderer's own block finder (math never crosses a blank line there) and
 * its math scanner. A heading alone is not a step: it opens the next one; a
 * display formula alone joins the sentence that introduced it, and a
 * program's output block stays with the program.
 *
 * Streaming: `complete` says how many steps can no longer change, so a hint
 * is offered only once its step is whole.
 */
import { findBlockStarts } from './markdown/blocks';
import { splitMath } from './markdown/math-spans';

export interface Steps {
  /** Each step's text as written, trimmed. */
  steps: string[];
  /** How many leading steps are finished (all of them when the text is). */
  complete: number;
}

const HEADING = /^#{1,6}[ \t]/;
const OUTPUT_FENCE = /^[ \t]*`{3,}output\b/;

export function cutSteps(text: string, finished = true): Steps {
  const starts = findBlockStarts(text);
  const pieces: { text: string; heading: boolean; output: boolean; formulaOnly: boolean }[] = [];
  for (let i = 0; i < starts.length; i++) {
    const block = text.slice(starts[i], starts[i + 1] ?? text.length);
    for (const part of splitAfterDisplayMath(block)) {
      if (!part.trim()) continue;
      const first = part.trimStart();
      pieces.push({
        text: part,
        heading: HEADING.test(first),
        output: OUTPUT_FENCE.test(first),
        formulaOnly: isFormulaOnly(part),
      });
    }
  }
  const steps: string[] = [];
  let pendingHeading = '';
  for (const piece of pieces) {
    if (piece.heading && !piece.text.trim().includes('\n')) {
      pendingHeading += piece.text;
      continue;
    }
    // A program's output, or a formula on its own, belongs to the step that led to it.
    if ((piece.output || piece.formulaOnly) && steps.length > 0 && !pendingHeading) {
      steps[steps.length - 1] += piece.text;
      continue;
    }
    steps.push(pendingHeading + piece.text);
    pendingHeading = '';
  }
  if (pendingHeading) steps.push(pendingHeading);
  const trimmed = steps.map((s) => s.trim());
  // While text streams in, the last step may still grow (or split).
  return { steps: trimmed, complete: finished ? trimmed.length : Math.max(0, trimmed.length - 1) };
}

/** Display math and nothing else but spaces and punctuation. */
function isFormulaOnly(part: string): boolean {
  const segments = splitMath(part);
  return (
    segments.some((s) => s.kind === 'math' && s.display) &&
    segments.every(
      (s) => (s.kind === 'math' && s.display) || (s.kind === 'text' && /^[\s.,;:]*$/.test(s.text)),
    )
  );
}

/** A block cut after each display formula that ends a line and has text after it. */
function splitAfterDisplayMath(block: string): string[] {
  const parts: string[] = [];
  let offset = 0;
  let partStart = 0;
  for (const segment of splitMath(block)) {
    const source = segment.kind === 'text' ? segment.text : segment.source;
    offset += source.length;
    if (segment.kind !== 'math' || !segment.display) continue;
    // The formula ends its line, and more than whitespace follows.
    const rest = block.slice(offset);
    const newline = /^[ \t]*\r?\n/.exec(rest);
    if (!newline || !rest.slice(newline[0].length).trim()) continue;
    const cut = offset + newline[0].length;
    parts.push(block.slice(partStart, cut));
    partStart = cut;
  }
  parts.push(block.slice(partStart));
  return parts;
}
