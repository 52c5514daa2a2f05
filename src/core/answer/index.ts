/**
 * Answers the way Qwen's own evaluation reads and judges them. See
 * docs/grading.md for the rules and how closely they match the official code.
 */
export { type BoxedContent, findBoxed, lastBoxed } from './boxed';
export { type CheckOptions, type CheckResult, checkAnswer } from './check';
export {
  DATASET_NAMES,
  type DatasetExample,
  type DatasetName,
  isDatasetName,
  parseGroundTruth,
  parseQuestion,
} from './datasets';
export {
  choiceAnswerClean,
  type EqualOptions,
  type JudgeOptions,
  judge,
  judgeSync,
  mathEqual,
  mathEqualSync,
  parseDigits,
  type SyncJudgeOptions,
  type Verdict,
} from './equal';
export { type ExtractOptions, extractAnswer, extractPrediction, normalizeAnswer } from './extract';
export { type StripOptions, stripString } from './normalize';
export {
  type ComputeEngineJudgeOptions,
  computeEngineJudge,
  firstDecided,
  loadComputeEngineJudge,
  type SymbolicJudge,
  type SymbolicVerdict,
  type SyncSymbolicJudge,
} from './symbolic';
export {
  bestByReward,
  majorityByString,
  majorityVote,
  majorityVoteSync,
  type VoteOptions,
  type VoteResult,
} from './vote';
