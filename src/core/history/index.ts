export {
  capEntry,
  HELP_MODES,
  type HelpMode,
  HISTORY_VERSION,
  type HistoryEntry,
  LIMITS,
  MAX_ENTRIES,
  type NewHistoryEntry,
  newestFirst,
  PROBLEM_SOURCES,
  type ProblemSource,
} from './entry';
export {
  type HistoryFile,
  historyFileName,
  MAX_FILE_BYTES,
  type ParsedHistoryFile,
  parseHistoryFile,
  serializeHistoryFile,
} from './file';
export { contentKey, type MergeResult, mergeEntries } from './identity';
export { LEGACY_KEY, migrateLegacy } from './legacy';
export { fold, searchEntries } from './search';
