/**
 * What a program "printed" when the runtime under it failed rather than
 * Python itself. Apart from runner.ts so that the main-thread proxy can use it
 * without pulling in the executor.
 */
import { cleanOutput } from '../../core/tir/format';

/** The last line a program would have printed for a runtime failure. */
export function runtimeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/memory limit|Memory\.grow|out of memory/i.test(message)) return 'MemoryError';
  const exit = /exit\((\d+)\)/.exec(message);
  if (exit) return `SystemExit: ${exit[1]}`;
  if (/call stack/i.test(message)) return 'RecursionError: maximum recursion depth exceeded';
  const last = message.trim().split('\n').at(-1) ?? '';
  return cleanOutput(`RuntimeError: the Python runtime stopped (${last || 'no details'})`);
}
