export { findBlockStarts } from './blocks';
export { highlightPython } from './highlight-python';
export { type MathSegment, splitMath } from './math-spans';
export { type BlockParts, fillSlots, renderBlock } from './render-block';
export { createSanitizer, type Purifier, SANITIZE_CONFIG } from './sanitize';
export {
  createStreamRenderer,
  type RenderedBlock,
  type RendererOptions,
  type RenderUpdate,
  type StreamRenderer,
} from './stream-renderer';
export { createMathCache, type MathCache, type Sanitize } from './typeset';
