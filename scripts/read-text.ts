import { readFile } from 'node:fs/promises';

/**
 * Reads a CLI's input file, or throws an Error whose message is the one line
 * the CLI prints: `cannot read <what> <file>: no such file` and the like,
 * never a stack trace.
 */
export async function readText(file: string, what = ''): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : (code ?? 'unreadable');
    throw new Error(`cannot read ${what ? `${what} ` : ''}${file}: ${why}`);
  }
}
