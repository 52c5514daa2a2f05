import 'katex/dist/katex.min.css';
import './MathMarkdown.css';
import { memo, type ReactElement, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createMathCache, createStreamRenderer, type RenderedBlock } from '../../core/markdown';
import { sanitize, showBlock } from './patchBlock';

/**
 * A streamed solution: markdown with KaTeX math, rendered block by block.
 * The parent batches tokens per animation frame; each update renders only
 * the unfinished tail (see core/markdown/stream-renderer.ts). Finished blocks
 * keep their objects, so React skips them and their DOM is never touched again.
 */
export function MathMarkdown({ text, streaming }: { text: string; streaming: boolean }) {
  const [renderer] = useState(() => createStreamRenderer({ sanitize, cache }));
  // push/finish are idempotent for the same text, so a repeated call (Strict Mode) is harmless.
  const { blocks } = useMemo(
    () => (streaming ? renderer.push(text) : renderer.finish(text)),
    [renderer, text, streaming],
  );
  return (
    <div className={streaming ? 'math-markdown is-streaming' : 'math-markdown'}>
      {blocks.map(elementFor)}
    </div>
  );
}

/**
 * One element per block object: a finished block keeps its object, so React
 * meets the very same element on every token and skips it outright.
 */
const elements = new WeakMap<RenderedBlock, ReactElement>();
function elementFor(block: RenderedBlock): ReactElement {
  let element = elements.get(block);
  if (element === undefined) {
    element = <Block key={block.index} block={block} />;
    elements.set(block, element);
  }
  return element;
}

// Shared by every solution on the page (history, re-solves): a formula is
// typeset and sanitized once per session. Its entries are sanitized HTML.
const cache = createMathCache();

const Block = memo(function Block({ block }: { block: RenderedBlock }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (ref.current) showBlock(ref.current, block);
  }, [block]);
  // React renders the empty div; its content is showBlock's.
  return <div ref={ref} className="mm-block" />;
});
