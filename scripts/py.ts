/**
 * `npm run py -- FILE.py [--timeout S]`: runs a program as the TIR executor
 * does (docs/python.md) and prints its output, or the error's last line
 * (e.g. `ZeroDivisionError: division by zero`, `Timeout Error`), with nothing
 * after it. Exit 0 on success, 1 on error, 2 on bad usage.
 */
import { readFile } from 'node:fs/promises';
import { createNodePythonRunner } from '../src/engines/python/node';
import { numberOption, runCli, UsageError } from './cli';

const CLI = {
  name: 'py',
  usage: 'npm run py -- FILE.py [--timeout SECONDS]',
  options: { timeout: { type: 'string', default: '10' } },
  positionals: true,
} as const;

runCli(CLI, async ({ values, positionals }) => {
  const [file, ...more] = positionals;
  if (file === undefined) throw new UsageError('no file given');
  if (more.length > 0) throw new UsageError(`one file at a time (got ${positionals.join(', ')})`);
  const seconds = numberOption(
    values.timeout,
    'timeout',
    (s) => s > 0,
    'a number of seconds above 0',
  );
  const code = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`cannot read ${file}`);
  });
  const runner = await createNodePythonRunner({
    timeoutMs: seconds * 1000,
    log: (message) => console.error(message),
  });
  try {
    const result = await runner.run(code, { session: 'cli' });
    if (result.output !== '') process.stdout.write(`${result.output}\n`);
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    runner.dispose();
  }
});
