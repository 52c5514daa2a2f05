import { splitMath } from '../../../core/markdown';
import { TeX } from '../TeX';

/**
 * A problem on one line of text with its formulas typeset: a history entry is
 * a button, which may only hold phrasing content, so display math is set
 * inline here and markdown is left as typed. Loaded lazily with KaTeX.
 */
export function MathText({ text }: { text: string }) {
  return (
    <>
      {splitMath(text).map((segment, i) =>
        segment.kind === 'math' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments of an immutable text.
          <TeX key={i} latex={segment.latex} />
        ) : segment.kind === 'text' ? (
          segment.text
        ) : (
          segment.source
        ),
      )}
    </>
  );
}

export { TeX };
