import { pyRstrip } from './format';

/**
 * Program blocks in a TIR solution. The official parser (evaluation/trajectory.py)
 * reads line by line: a line "```python" opens a program, a line "```" closes
 * it, and "```output" … "```" is the executor's reply. We accept a little more
 * on the opening line ("```py", "```python3", spaces) since nothing else could
 * be meant by it.
 */
const OPEN_PROGRAM = /^```[ \t]*(?:python3?|py)[ \t]*$/;
const FENCE = /^```/;
const CLOSE = /^```[ \t]*$/;

export interface ProgramBlock {
  code: string;
  /** Line indexes (0-based) of the opening and closing fences. */
  openLine: number;
  closeLine: number;
}

/** Every closed program block, in order. Other fenced blocks are skipped whole. */
export function programBlocks(text: string): ProgramBlock[] {
  const lines = text.split('\n');
  const blocks: ProgramBlock[] = [];
  let state: 'prose' | 'program' | 'other' = 'prose';
  let open = -1;
  lines.forEach((line, i) => {
    if (state === 'prose') {
      if (OPEN_PROGRAM.test(line)) {
        state = 'program';
        open = i;
      } else if (FENCE.test(line)) {
        state = 'other';
      }
    } else if (CLOSE.test(line)) {
      if (state === 'program') {
        blocks.push({ code: lines.slice(open + 1, i).join('\n'), openLine: open, closeLine: i });
      }
      state = 'prose';
    }
  });
  return blocks;
}

/**
 * The program to run when a generation round ends: the last block, if the text
 * (right-stripped, as the evaluation does) ends with its closing fence.
 * Undefined when the text does not end with a program.
 */
export function trailingProgram(text: string): string | undefined {
  const trimmed = pyRstrip(text);
  if (!trimmed.endsWith('```')) return undefined;
  const last = programBlocks(trimmed).at(-1);
  if (!last) return undefined;
  return last.closeLine === trimmed.split('\n').length - 1 ? last.code : undefined;
}
