/**
 * How every CLI reads its arguments and fails, one convention for all:
 *
 * - arguments by node:util parseArgs, strict: an unknown option, a missing
 *   value or a stray argument is bad usage;
 * - bad usage (UsageError): one line `NAME: MESSAGE; usage: USAGE` on stderr,
 *   exit 2;
 * - any other failure: one line `NAME: MESSAGE (DETAILS)` (an AppError's
 *   details; first lines only), exit 1; the stack only with DEBUG=1.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AppError } from '../src/core/errors';

/** The command was called wrongly: exit 2 with the usage line. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CliSpec<O extends Options> {
  /** As it prefixes error lines: `npm run grade` is `grade`. */
  name: string;
  /** The synopsis after `usage: `. */
  usage: string;
  options: O;
  /** Whether plain arguments (files) are allowed. */
  positionals?: boolean;
}

export function parseCli<O extends Options>(spec: CliSpec<O>, argv: readonly string[]) {
  let parsed: ReturnType<typeof parse<O>>;
  try {
    parsed = parse(spec.options, argv);
  } catch (error) {
    throw new UsageError(parseArgsMessage(error));
  }
  const [stray] = parsed.positionals;
  if (!spec.positionals && stray !== undefined)
    throw new UsageError(`unexpected argument ${stray}`);
  return parsed;
}

export type ParsedCli<O extends Options> = ReturnType<typeof parseCli<O>>;

/** Parses argv, runs `main`, and turns whatever it throws into the one line and exit code. */
export function runCli<O extends Options>(
  spec: CliSpec<O>,
  main: (args: ParsedCli<O>) => Promise<void> | void,
): void {
  Promise.resolve()
    .then(() => main(parseCli(spec, process.argv.slice(2))))
    .catch((error: unknown) => {
      if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
      process.stderr.write(`${spec.name}: ${failureLine(error, spec.usage)}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    });
}

export function failureLine(error: unknown, usage: string): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  if (!(error instanceof UsageError)) {
    // A CLI's reader is a developer: the sentence, then what exactly failed.
    const details = error instanceof AppError && error.details ? ` (${error.details})` : '';
    return `${message || 'failed'}${details.split('\n')[0]}`;
  }
  return message ? `${message}; usage: ${usage}` : `usage: ${usage}`;
}

/** A whole number of at least `min` from an option's text, or a UsageError naming the option. */
export function wholeNumber(text: string, option: string, min = 0): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${option} must be a whole number of at least ${min}, not ${text}`);
  }
  return value;
}

/** A number from an option's text that passes `valid`, or a UsageError saying what it must be. */
export function numberOption(
  text: string,
  option: string,
  valid: (value: number) => boolean,
  what: string,
): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !valid(value)) {
    throw new UsageError(`--${option} must be ${what}, not ${text}`);
  }
  return value;
}

/** One of `choices`, or a UsageError listing them. */
export function oneOf<T extends string>(text: string, option: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === text);
  if (found === undefined) {
    const list = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
    throw new UsageError(
      `--${option} must be ${choices.length > 1 ? list : choices[0]}, not ${text}`,
    );
  }
  return found;
}

/** Positionals are always parsed (so they are typed as strings) and refused by parseCli when unwanted. */
function parse<O extends Options>(options: O, argv: readonly string[]) {
  return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
}

/** parseArgs's own messages are long and point at `--`: shortened to what to fix. */
function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (!option) return message;
      return /does not take/.test(message) ? `${option} takes no value` : `${option} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const argument = /argument '([^']*)'/.exec(message)?.[1];
      return `unexpected argument ${argument ?? ''}`.trim();
    }
    default:
      return message;
  }
}
