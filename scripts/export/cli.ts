/**
 * Shared CLI plumbing for export-model, test-model and make-random-checkpoint:
 * `--key value` / `--key=value` / boolean `--flag` parsing, and one-line
 * errors with a non-zero exit instead of stack traces (DEBUG=1 shows them).
 */
export interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[], booleans: readonly string[] = []): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = arg.slice(2, eq < 0 ? undefined : eq);
    if (eq >= 0) flags.set(key, arg.slice(eq + 1));
    else if (booleans.includes(key)) flags.set(key, true);
    else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`--${key} needs a value.`);
      flags.set(key, value);
      i++;
    }
  }
  return { positional, flags };
}

export function stringFlag(args: Args, key: string): string | undefined {
  const value = args.flags.get(key);
  if (value === true) throw new Error(`--${key} needs a value.`);
  return value;
}

/** Fails with a one-line message when any flag is not in `known`. */
export function checkFlags(args: Args, known: readonly string[]): void {
  for (const key of args.flags.keys()) {
    if (!known.includes(key)) throw new Error(`Unknown option --${key}.`);
  }
}

/** 'usage' prints the usage line and exits with 2. */
export type MainResult = 'usage' | undefined;

export function runCli(
  name: string,
  usage: string,
  main: (args: Args) => MainResult | Promise<MainResult>,
  booleans: readonly string[] = [],
): void {
  const fail = (message: string, code: number) => {
    process.stderr.write(`${name}: ${message.split('\n')[0]}\n`);
    process.exitCode = code;
  };
  Promise.resolve()
    .then(() => main(parseArgs(process.argv.slice(2), booleans)))
    .then((result) => {
      if (result === 'usage') fail(`usage: ${usage}`, 2);
    })
    .catch((error: unknown) => {
      if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
      fail(error instanceof Error ? error.message : String(error), 1);
    });
}
