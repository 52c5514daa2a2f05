import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');
const tsx = path.join(repo, 'node_modules/.bin/tsx');
// ../shared/data/golden, beside the repo; '' on a clone of the repo alone.
const data = inject('sharedData');
const golden = data && path.join(data, 'golden', 'math_cot_graded.jsonl');

async function grade(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ['scripts/grade.ts', ...args], { cwd: repo });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run grade', () => {
  it.skipIf(!golden)(
    'agrees with all 400 official preds and verdicts on the golden file, and says so last (needs ../shared/data/golden)',
    async () => {
      const { code, stdout } = await grade(golden);
      expect(code).toBe(0);
      const lines = stdout.trimEnd().split('\n');
      expect(lines.at(-1)).toBe('agreement: preds 400/400, scores 400/400');
      expect(stdout.endsWith('agreement: preds 400/400, scores 400/400\n')).toBe(true);
      expect(stdout).toContain('maj@8: 90.0% (45/50)');
      expect(stdout).toContain('rm@8: 92.0% (46/50)');
    },
  );

  it('lists a disagreement with both sides', async () => {
    const file = path.join(tmpdir(), `grade-${process.pid}-differ.jsonl`);
    const row = {
      responses: ['so \\boxed{\\frac{1}{2}}'],
      gt: '0.5',
      preds: ['0.5'],
      scores: [false],
    };
    writeFileSync(file, `${JSON.stringify(row)}\n`);
    const { code, stdout } = await grade(file);
    expect(code).toBe(0);
    expect(stdout).toContain('pred differs');
    expect(stdout).toContain('ours "\\\\frac{1}{2}", official "0.5"');
    expect(stdout).toContain('score differs');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('agreement: preds 0/1, scores 0/1');
  });

  it.each([
    [
      'a missing file',
      ['no-such-file.jsonl'],
      /^grade: cannot read no-such-file.jsonl: no such file\n$/,
      1,
    ],
    ['a malformed line', ['MALFORMED'], /^grade: .*: line 2 is not valid JSON\n$/, 1],
    ['no file', [], /^grade: usage: /, 2],
    [
      'an unknown data set',
      ['any.jsonl', '--dataset', 'mmlu'],
      /^grade: unknown --dataset mmlu/,
      2,
    ],
  ])(
    '%s: one line on stderr, non-zero exit, no stack trace',
    async (_what, args, message, exitCode) => {
      const malformed = path.join(tmpdir(), `grade-${process.pid}-bad.jsonl`);
      writeFileSync(
        malformed,
        '{"responses":["1"],"gt":"1","preds":["1"],"scores":[true]}\n{not json\n',
      );
      const { code, stdout, stderr } = await grade(
        ...args.map((a) => (a === 'MALFORMED' ? malformed : a)),
      );
      expect(code).toBe(exitCode);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
    },
  );
});
