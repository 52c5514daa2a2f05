/** Tool-integrated reasoning: the loop, its engine interfaces and the executor's output rules. */
export {
  cleanOutput,
  DEFAULT_MAX_CALLS,
  MAX_CALLS_MESSAGE,
  MAX_OUTPUT_CHARS,
  OUTPUT_FENCE,
  observationText,
  outputBlock,
  pyRstrip,
  pyStrip,
  TIMEOUT_MESSAGE,
  truncateOutput,
} from './format';
export { reusablePrefix } from './kv-reuse';
export {
  runTir,
  type TirEvent,
  type TirFinishReason,
  type TirOptions,
  type TirResult,
} from './loop';
export { type ProgramBlock, programBlocks, trailingProgram } from './program';
export { cutAtStop, findStop, RoundStream } from './stream';
export type {
  CodeRunner,
  FinishReason,
  GenerateOptions,
  GenerateResult,
  RunOptions,
  RunResult,
  TextGenerator,
} from './types';
