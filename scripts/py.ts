/**
 * `npm run py -- FILE.py [--timeout S]`: runs a program as the TIR executor
 * does (docs/python.md) and prints its output, or the error's last line
 * (e.g. `ZeroDivisionError: division by zero`, `Timeout Error`), with nothing
 * after it. Exit 0 on success, 1 on error, 2 on bad usage.
 */
import { readFile } from 'node:fs/promises';
import { createNodePythonRunner } from '../src/engines/python/node';

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run py -- FILE.py [--timeout SECONDS]`);
  process.exit(2);
}

function parseArgs(argv: string[]): { file: string; timeoutMs: number } {
  let file: string | undefined;
  let timeoutMs = 10_000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--timeout' || arg.startsWith('--timeout=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const seconds = Number(value);
      if (!value || !Number.isFinite(seconds) || seconds <= 0) usage(`Bad --timeout: ${value}`);
      timeoutMs = seconds * 1000;
    } else if (arg.startsWith('-')) {
      usage(`Unknown option ${arg}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      usage(`One file at a time (got ${file} and ${arg})`);
    }
  }
  if (!file) usage('No file given.');
  return { file, timeoutMs };
}

async function main(): Promise<void> {
  const { file, timeoutMs } = parseArgs(process.argv.slice(2));
  const code = await readFile(file, 'utf8').catch(() => usage(`Cannot read ${file}`));
  const runner = await createNodePythonRunner({
    timeoutMs,
    log: (message) => console.error(message),
  });
  try {
    const result = await runner.run(code, { session: 'cli' });
    if (result.output !== '') process.stdout.write(`${result.output}\n`);
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    runner.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(`py failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
