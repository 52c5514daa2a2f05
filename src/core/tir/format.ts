/**
 * The official executor's output rules (Qwen2.5-Math evaluation,
 * python_executor.py and math_eval.py), in TypeScript so that every runner and
 * the loop agree on them byte for byte.
 */

/** The marker the model writes to ask for a result; generation stops at it. */
export const OUTPUT_FENCE = '```output';
/** Appended by the evaluation after the last allowed call. */
export const MAX_CALLS_MESSAGE = 'Reach max function call limit.';
/** What the executor reports when a run exceeds its time limit. */
export const TIMEOUT_MESSAGE = 'Timeout Error';
/** The evaluation's default number of code executions per solution. */
export const DEFAULT_MAX_CALLS = 4;
/** The evaluation truncates to the first and last half of this many characters. */
export const MAX_OUTPUT_CHARS = 400;

// Python's str.isspace() set: JS's \s differs (it has \uFEFF, lacks \x1C-\x1F and \x85).
const SPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING = new RegExp(`^[${SPACE}]+`, 'u');
const TRAILING = new RegExp(`[${SPACE}]+$`, 'u');

/** Python's `s.rstrip()`. */
export function pyRstrip(s: string): string {
  return s.replace(TRAILING, '');
}

/** Python's `s.strip()`. */
export function pyStrip(s: string): string {
  return s.replace(LEADING, '').replace(TRAILING, '');
}

/**
 * `truncate(s)` of the executor: longer than 400 code points becomes the first
 * 200 + "..." + the last 200. Python counts code points, not UTF-16 units.
 */
export function truncateOutput(s: string, maxChars = MAX_OUTPUT_CHARS): string {
  const half = Math.floor(maxChars / 2);
  // Fast path: a string no longer than maxChars UTF-16 units has no more code points.
  if (s.length <= maxChars) return s;
  const points = Array.from(s);
  if (points.length <= maxChars) return s;
  return `${points.slice(0, half).join('')}...${points.slice(-half).join('')}`;
}

/** The executor's post-processing of a result or report: strip, then truncate. */
export function cleanOutput(s: string): string {
  return truncateOutput(pyStrip(s));
}

/**
 * What the evaluation shows the model for a run: the result, or the report when
 * the result is empty; a successful run that printed nothing reports "Done".
 */
export function observationText(result: { output: string; ok: boolean }): string {
  if (result.output !== '') return result.output;
  return result.ok ? 'Done' : 'Error';
}

/** The block appended after a program: "\n```output\n{result}\n```\n". */
export function outputBlock(result: { output: string; ok: boolean }): string {
  return `\n${OUTPUT_FENCE}\n${observationText(result)}\n\`\`\`\n`;
}
