/** The CLIs fail on bad input with one line on stderr and a non-zero exit. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from './test-configs';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function run(script: string, args: string[]) {
  const result = spawnSync(tsx, [path.join(root, 'scripts', script), ...args], {
    encoding: 'utf8',
    cwd: root,
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout };
}

afterAll(removeTempDirs);
describe('CLI errors', () => {
  it.each([
    ['export-model.ts', [], /^export-model: usage: /],
    [
      'export-model.ts',
      ['--from', '/nonexistent', '--out', '/tmp/x'],
      /^export-model: \/nonexistent is not a directory\.$/,
    ],
    [
      'export-model.ts',
      ['--from', '.', '--out', '/tmp/x', '--dtype', 'q3'],
      /^export-model: Unknown dtype "q3"/,
    ],
    [
      'export-model.ts',
      ['--from', '.', '--out', '/tmp/x', '--bogus', '1'],
      /^export-model: Unknown option --bogus\.$/,
    ],
    ['export-model.ts', ['--from'], /^export-model: --from needs a value\.$/],
    ['test-model.ts', [], /^test-model: usage: /],
    [
      'make-random-checkpoint.ts',
      ['--out', '/tmp/x', '--shape', 'huge'],
      /^make-random-checkpoint: Unknown --shape huge/,
    ],
  ])('%s %j', (script, args, message) => {
    const { status, stderr } = run(script, args as string[]);
    expect(status).not.toBe(0);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
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
