/**
 * `npm run eval` end to end on the project's tiny test models (built once into
 * a temporary folder): the real engine, prompts, grader and, for --mode tir,
 * the Python worker. The scripted model answers 7 to everything, so a data
 * file with one problem whose answer is 7 and one whose answer is not gives a
 * known accuracy.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseEvalArgs, UsageError } from './eval/args';
import { solutionSeed } from './eval/run';
import { buildTestModels } from './export/test-models';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');
const tsx = path.join(repo, 'node_modules/.bin/tsx');

let dir = '';
let expected = { text: '', answerLatex: '' };
let sevens = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'eval-test-'));
  ({ expected } = buildTestModels(dir));
  sevens = path.join(dir, 'sevens.jsonl');
  const rows = [
    { question: 'What is 3+4?', answer: '3+4=<<3+4=7>>7\n#### 7', idx: 10 },
    { question: 'What is 4+4?', answer: '4+4=<<4+4=8>>8\n#### 8', idx: 11 },
  ];
  writeFileSync(sevens, rows.map((r) => JSON.stringify(r)).join('\n'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const model = (id: string) => path.join(dir, 'models', id);

async function cli(
  script: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [script, ...args], { cwd: repo });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const evaluate = (...args: string[]) => cli('scripts/eval.ts', ...args);

function readRows(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('npm run eval on the scripted model', () => {
  it.skipIf(!inject('sharedData'))(
    'runs gsm8k with --limit 2 and prints the accuracy line last (needs ../shared/data/gsm8k)',
    async () => {
      const out = path.join(dir, 'gsm8k.jsonl');
      const { code, stdout, stderr } = await evaluate(
        '--model',
        model('tiny-qwen2-scripted'),
        '--dataset',
        'gsm8k',
        '--limit',
        '2',
        '--out',
        out,
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain('prompt qwen-boxed (');
      expect(stdout).toContain('models.json)');
      expect(stdout).toMatch(/\d+\.\d tokens\/s/);
      expect(stdout.endsWith('\naccuracy: 0/2 (0.0%)\n')).toBe(true);

      const rows = readRows(out);
      expect(rows).toHaveLength(2);
      expect(rows.map((r) => [r.idx, r.gt])).toEqual([
        [0, '18'],
        [1, '3'],
      ]);
      expect(rows[0]).toMatchObject({
        responses: [expected.text],
        preds: ['7'],
        scores: [false],
        finish_reasons: ['eos'],
        tokens: [29],
      });
      expect(String(rows[0]?.answer)).toContain('#### 18');
      const metrics = JSON.parse(readFileSync(out.replace(/\.jsonl$/, '_metrics.json'), 'utf8'));
      expect(metrics).toMatchObject({ dataset: 'gsm8k', accuracy: { correct: 0, total: 2 } });
    },
  );

  it('scores a right answer, and npm run grade re-grades the output the same way', async () => {
    const out = path.join(dir, 'sevens.out.jsonl');
    const { code, stdout } = await evaluate(
      '--model',
      model('tiny-qwen2-scripted'),
      '--dataset',
      'gsm8k',
      '--data',
      sevens,
      '--out',
      out,
    );
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('accuracy: 1/2 (50.0%)');
    expect(readRows(out).map((r) => [r.idx, r.scores])).toEqual([
      [10, [true]],
      [11, [false]],
    ]);
    const graded = await cli('scripts/grade.ts', out, '--dataset', 'gsm8k');
    expect(graded.code).toBe(0);
    expect(graded.stdout).toContain('pass@1: 50.0% (1/2)');
    expect(graded.stdout.trimEnd().split('\n').at(-1)).toBe('agreement: preds 2/2, scores 2/2');
  });

  it('keeps all K sampled responses and votes over them', async () => {
    const out = path.join(dir, 'samples.jsonl');
    const { code, stdout } = await evaluate(
      '--model',
      model('tiny-qwen2-scripted'),
      '--dataset',
      'gsm8k',
      '--data',
      sevens,
      '--samples',
      '3',
      '--max-new-tokens',
      '6',
      '--out',
      out,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('3 samples, sampling (temperature 1, top-p 0.9, seed 0)');
    expect(stdout).toMatch(/\npass@1: \d+\/6 \(/);
    expect(stdout).toMatch(/\nmaj@3: \d+\/2 \(/);
    expect(stdout).toMatch(/\naccuracy: \d+\/2 \(\d+\.\d%\)\n$/);
    const rows = readRows(out);
    expect(rows.map((r) => (r.responses as string[]).length)).toEqual([3, 3]);
    expect(rows[0]).toHaveProperty('maj_pred');
    expect(rows[0]).toHaveProperty('maj_score');
  });

  it('writes to eval-results/ when --out is absent', async () => {
    const { code, stdout } = await evaluate(
      '--model',
      model('tiny-qwen2-scripted'),
      '--dataset',
      'gsm8k',
      '--data',
      sevens,
      '--limit',
      '1',
      '--max-new-tokens',
      '4',
    );
    expect(code).toBe(0);
    const wrote = stdout.match(/^wrote (eval-results\/\S+\.jsonl) and (\S+_metrics\.json)$/m);
    expect(wrote).not.toBeNull();
    const [, jsonl = '', metrics = ''] = wrote ?? [];
    try {
      expect(jsonl).toMatch(/^eval-results\/tiny-qwen2-scripted-gsm8k-cot-\d{8}-\d{6}\.jsonl$/);
      expect(readRows(path.join(repo, jsonl))).toHaveLength(1);
    } finally {
      rmSync(path.join(repo, jsonl), { force: true });
      rmSync(path.join(repo, metrics), { force: true });
    }
  });
});

describe('npm run eval --mode tir', () => {
  it('runs the TIR loop with the Python worker', async () => {
    const out = path.join(dir, 'tir.jsonl');
    const { code, stdout } = await evaluate(
      '--model',
      model('tiny-qwen2-tir'),
      '--dataset',
      'gsm8k',
      '--data',
      sevens,
      '--mode',
      'tir',
      '--out',
      out,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('prompt qwen25-math-cot');
    expect(stdout).toContain('2 programs run');
    expect(stdout.endsWith('\naccuracy: 1/2 (50.0%)\n')).toBe(true);
    const tirExpected = JSON.parse(
      readFileSync(path.join(model('tiny-qwen2-tir'), 'expected.json'), 'utf8'),
    ) as { text: string };
    expect(readRows(out)[0]).toMatchObject({
      responses: [tirExpected.text],
      preds: ['7'],
      scores: [true],
      tool_calls: [1],
    });
  });
});

describe('npm run eval with bad input', () => {
  const tiny = () => model('tiny-qwen2');
  const cases: [string, () => string[], RegExp, number][] = [
    ['no --model', () => ['--dataset', 'gsm8k'], /--model is required/, 2],
    [
      'a missing model folder',
      () => ['--model', '/no/such/dir', '--dataset', 'gsm8k'],
      /no model folder at \/no\/such\/dir/,
      1,
    ],
    [
      'a folder without config.json',
      () => ['--model', dir, '--dataset', 'gsm8k'],
      /has no config\.json/,
      1,
    ],
    [
      'an unknown model id',
      () => ['--model', 'gpt-5', '--dataset', 'gsm8k'],
      /unknown model gpt-5/,
      1,
    ],
    [
      'an unknown data set',
      () => ['--model', tiny(), '--dataset', 'mmlu'],
      /unknown --dataset mmlu/,
      2,
    ],
    [
      '--limit 0',
      () => ['--model', tiny(), '--dataset', 'gsm8k', '--limit', '0'],
      /--limit must be a whole number/,
      2,
    ],
    [
      '--samples two',
      () => ['--model', tiny(), '--dataset', 'gsm8k', '--samples', 'two'],
      /--samples must be/,
      2,
    ],
    [
      '--mode pot',
      () => ['--model', tiny(), '--dataset', 'gsm8k', '--mode', 'pot'],
      /--mode must be cot or tir/,
      2,
    ],
    [
      '--top-p 1.5',
      () => ['--model', tiny(), '--dataset', 'gsm8k', '--top-p', '1.5'],
      /--top-p must be/,
      2,
    ],
    [
      'an unknown flag',
      () => ['--model', tiny(), '--dataset', 'gsm8k', '--shots', '5'],
      /unknown option --shots/,
      2,
    ],
    [
      'a missing data file',
      () => ['--model', tiny(), '--dataset', 'gsm8k', '--data', '/no/such.jsonl'],
      /cannot read the gsm8k data \/no\/such\.jsonl: no such file/,
      1,
    ],
    [
      'tir without a TIR prompt',
      () => ['--model', tiny(), '--dataset', 'gsm8k', '--mode', 'tir'],
      /no tool-integrated template/,
      2,
    ],
    [
      'a dtype the folder lacks',
      () => ['--model', tiny(), '--dataset', 'gsm8k', '--dtype', 'q8'],
      /no onnx\/model_quantized\.onnx/,
      1,
    ],
  ];

  it.each(cases)('%s: one line on stderr, no stack trace', async (_, args, message, exit) => {
    const { code, stderr } = await evaluate(...args());
    expect(code).toBe(exit);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/^eval: [^\n]+\n$/);
  });

  it('says in one line that a Hub model could not be downloaded, and writes no file', async () => {
    const out = path.join(dir, 'never.jsonl');
    // A closed local port stands in for the unreachable Hub, on any machine.
    const { code, stderr } = await evaluate(
      '--model',
      'qwen2.5-math-1.5b-instruct',
      '--dataset',
      'gsm8k',
      '--hub-host',
      'http://127.0.0.1:9/',
      '--out',
      out,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^eval: qwen2\.5-math-1\.5b-instruct [^\n]+ \(http:\/\/127\.0\.0\.1:9\/onnx-community\/Qwen2\.5-Math-1\.5B-Instruct\/resolve\/main\/: [^\n]+\)\n$/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('eval helpers', () => {
  it('parses flags in both spellings and keeps defaults', () => {
    expect(parseEvalArgs(['--model=m', '--dataset', 'math500', '--samples=8'])).toMatchObject({
      model: 'm',
      dataset: 'math500',
      mode: 'cot',
      samples: 8,
      maxNewTokens: 2048,
      seed: 0,
    });
    expect(() => parseEvalArgs(['--model', 'm', '--dataset', 'math'])).toThrow(UsageError);
    expect(parseEvalArgs(['--model', 'm', '--dataset', 'math', '--data', 'f.jsonl']).dataset).toBe(
      'math',
    );
  });

  it('gives every problem, sample and round its own seed', () => {
    const seeds = new Set<number>();
    for (const idx of [0, 1, 2]) {
      for (const sample of [0, 1])
        for (const round of [0, 1]) seeds.add(solutionSeed(0, idx, sample, round));
    }
    expect(seeds.size).toBe(12);
    expect(solutionSeed(0, 1, 2, 3)).toBe(solutionSeed(0, 1, 2, 3));
    expect(solutionSeed(1, 1, 2, 3)).not.toBe(solutionSeed(0, 1, 2, 3));
  });
});
