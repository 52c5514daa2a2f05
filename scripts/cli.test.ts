/**
 * Every CLI fails the same way: bad usage is one line `NAME: what; usage: …`
 * and exit 2, any other failure one line `NAME: what` and exit 1, never a
 * stack trace.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failureLine, parseCli, UsageError } from './cli';
import { removeTempDirs, tempDir } from './export/test-configs';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function run(script: string, args: string[]) {
  const result = spawnSync(tsx, [path.join(root, 'scripts', script), ...args], {
    encoding: 'utf8',
    cwd: root,
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout };
}

afterAll(removeTempDirs);

const spec = {
  name: 'x',
  usage: 'x --n N FILE',
  options: { n: { type: 'string' }, flag: { type: 'boolean' } },
  positionals: true,
} as const;

describe('parseCli', () => {
  it('reads options in both spellings, flags and files', () => {
    const parsed = parseCli(spec, ['--n', '1', 'a', '--flag', '--n=2', 'b']);
    expect(parsed.values).toEqual({ n: '2', flag: true });
    expect(parsed.positionals).toEqual(['a', 'b']);
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['--n'], '--n needs a value'],
    [['--flag=yes'], '--flag takes no value'],
  ])('%j is bad usage: %s', (argv, message) => {
    expect(() => parseCli(spec, argv)).toThrow(new UsageError(message));
  });

  it('refuses files where the command takes none', () => {
    expect(() => parseCli({ ...spec, positionals: false }, ['a'])).toThrow('unexpected argument a');
  });

  it('puts the usage after a usage error, and only there', () => {
    expect(failureLine(new UsageError('no file'), 'x FILE')).toBe('no file; usage: x FILE');
    expect(failureLine(new UsageError(''), 'x FILE')).toBe('usage: x FILE');
    expect(failureLine(new Error('disk full\n    at …'), 'x FILE')).toBe('disk full');
  });
});

describe('CLI errors', () => {
  it.each([
    ['export-model.ts', [], 2, /^export-model: --from and --out are required; usage: /],
    [
      'export-model.ts',
      ['--from', '/nonexistent', '--out', '/tmp/x'],
      1,
      /^export-model: \/nonexistent is not a directory\.$/,
    ],
    [
      'export-model.ts',
      ['--from', '.', '--out', '/tmp/x', '--dtype', 'q3'],
      2,
      /^export-model: --dtype must be fp32, fp16, q4 or q4f16, not q3; usage: /,
    ],
    [
      'export-model.ts',
      ['--from', '.', '--out', '/tmp/x', '--bogus', '1'],
      2,
      /^export-model: unknown option --bogus; usage: /,
    ],
    ['export-model.ts', ['--from'], 2, /^export-model: --from needs a value; usage: /],
    ['test-model.ts', [], 2, /^test-model: usage: /],
    [
      'make-random-checkpoint.ts',
      ['--out', '/tmp/x', '--shape', 'huge'],
      2,
      /^make-random-checkpoint: --shape must be qwen2-math-1\.5b, qwen2-math-7b or tiny, not huge/,
    ],
    ['py.ts', [], 2, /^py: no file given; usage: npm run py -- FILE\.py/],
    ['py.ts', ['a.py', '--timeout', '0'], 2, /^py: --timeout must be a number of seconds/],
    [
      'ocr.ts',
      ['--lang', 'klingon', 'x.png'],
      2,
      /^ocr: --lang must be eng or chi_sim, not klingon/,
    ],
    ['bench.ts', ['nothing-by-this-name'], 2, /^bench: no bench in bench\/ is named/],
    // The llm bench's switches pass the parser (it reads them itself).
    [
      'bench.ts',
      ['nothing-by-this-name', '--real', '--gpu', '--paths'],
      2,
      /^bench: no bench in bench\/ is named/,
    ],
    ['bench.ts', ['llm', '--fast'], 2, /^bench: unknown option --fast; usage: /],
  ])('%s %j exits %i', (script, args, status, message) => {
    const result = run(script, args as string[]);
    expect(result.status).toBe(status);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('names a checkpoint folder without config.json in one line', () => {
    const { status, stderr } = run('export-model.ts', [
      '--from',
      tempDir('cli-empty'),
      '--out',
      tempDir('cli-out'),
    ]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/^export-model: .*config\.json does not exist\.$/);
  });
});
