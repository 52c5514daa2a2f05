/**
 * `npm run eval -- --model ID_OR_DIR --dataset gsm8k|math500|aime24|amc23
 *   [--limit N] [--mode cot|tir] [--samples K] [--out FILE.jsonl] …`
 *
 * Runs a benchmark through the app's own LLM engine (transformers.js on
 * onnxruntime-node), prompts (src/core/prompts), answer extraction and
 * grading (src/core/answer) and, with --mode tir, the app's TIR loop with
 * the Python engine in a worker thread. Writes one JSONL row per problem in
 * the golden file's shape (`npm run grade -- FILE --dataset D` re-grades it)
 * and a _metrics.json next to it; prints progress, then the speed and, last,
 * `accuracy: X/Y (Z%)`. With --samples K > 1 that is maj@K.
 *
 * Bad input ends with one line on stderr and exit 1 (2 for bad usage), never
 * a stack trace (DEBUG=1 shows it). docs/evaluation.md has the details.
 */
import { type FileHandle, mkdir, open, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadComputeEngineJudge } from '../src/core/answer/symbolic';
import type { CodeRunner } from '../src/core/tir';
import type { LlmEngineApi, Sampling } from '../src/engines/llm/protocol';
import { runCli } from './cli';
import { CLI, type EvalArgs, evalArgs, UsageError } from './eval/args';
import { defaultDataFile, loadProblems } from './eval/data';
import { type ResolvedModel, resolveModel } from './eval/model';
import { Progress } from './eval/progress';
import { type EvalConfig, type ProblemResult, solveProblem } from './eval/run';

/**
 * Qwen's sampling for maj@k (Qwen2.5-Math README): temperature 0.7, top-p 0.8
 * for Qwen2.5-Math-Instruct; 1.0 and 0.9 for Qwen2-Math-Instruct.
 */
const SAMPLING_DEFAULTS = {
  'qwen25-math-cot': { temperature: 0.7, topP: 0.8 },
  'qwen-boxed': { temperature: 1.0, topP: 0.9 },
} as const;

interface Tally {
  correct: number;
  total: number;
}

const pct = ({ correct, total }: Tally) => (total === 0 ? 0 : (100 * correct) / total).toFixed(1);
const show = (t: Tally) => `${t.correct}/${t.total} (${pct(t)}%)`;
const short = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);

function samplingFor(args: EvalArgs, model: ResolvedModel): Omit<Sampling, 'seed'> | undefined {
  if (args.samples === 1 && args.temperature === undefined && args.topP === undefined) {
    return undefined;
  }
  const defaults = SAMPLING_DEFAULTS[model.promptStyle];
  return {
    temperature: args.temperature ?? defaults.temperature,
    topP: args.topP ?? defaults.topP,
  };
}

function defaultOut(args: EvalArgs, model: ResolvedModel): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const k = args.samples > 1 ? `-k${args.samples}` : '';
  return path.join('eval-results', `${model.id}-${args.dataset}-${args.mode}${k}-${stamp}.jsonl`);
}

async function openOutput(out: string): Promise<FileHandle> {
  try {
    await mkdir(path.dirname(path.resolve(out)), { recursive: true });
    return await open(out, 'w');
  } catch (error) {
    throw new Error(`cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

function summarize(result: ProblemResult, samples: number): string {
  const { row } = result;
  const mark = result.correct ? '✓' : '✗';
  if (samples === 1) {
    return `idx ${row.idx} ${mark} pred ${short(row.preds[0] ?? '')} gt ${short(row.gt)}`;
  }
  const right = row.scores.filter(Boolean).length;
  return `idx ${row.idx} ${mark} maj ${short(row.maj_pred ?? '')} (${right}/${samples} right) gt ${short(row.gt)}`;
}

async function main(args: EvalArgs): Promise<void> {
  const model = resolveModel(args);
  if (args.mode === 'tir' && model.promptStyle !== 'qwen25-math-cot') {
    throw new UsageError(
      `--mode tir needs a model with the qwen25-math-cot prompt style (Qwen2.5-Math-Instruct); ` +
        `${model.id} uses ${model.promptStyle}, which has no tool-integrated template`,
    );
  }
  const dataFile = args.data ?? defaultDataFile(args.dataset);
  const { problems, rows } = await loadProblems(dataFile, args.dataset, args.limit);
  const sampling = samplingFor(args, model);
  const config: EvalConfig = {
    dataset: args.dataset,
    promptStyle: model.promptStyle,
    mode: args.mode,
    samples: args.samples,
    maxNewTokens: args.maxNewTokens,
    seed: args.seed,
    ...(sampling ? { sampling } : {}),
    ...(args.pythonTimeoutMs ? { pythonTimeoutMs: args.pythonTimeoutMs } : {}),
  };
  const out = args.out ?? defaultOut(args, model);
  const metricsFile = `${out.replace(/\.jsonl$/, '')}_metrics.json`;
  const decoding = sampling
    ? `sampling (temperature ${sampling.temperature}, top-p ${sampling.topP}, seed ${args.seed})`
    : 'greedy';
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(
    `eval: ${model.id} · ${model.dtype} on cpu · prompt ${model.promptStyle} (${model.source}) · ` +
      `${args.mode} · ${args.samples} sample${args.samples > 1 ? 's' : ''}, ${decoding} · ` +
      `up to ${args.maxNewTokens} new tokens${args.mode === 'tir' ? ' per round' : ''}`,
  );
  print(`data: ${args.dataset}, ${problems.length} of ${rows} problems from ${dataFile}`);

  let llm: LlmEngineApi | undefined;
  let python: (CodeRunner & { dispose(): void }) | undefined;
  let file: FileHandle | undefined;
  const started = performance.now();
  try {
    // Loaded only now, so that bad flags fail fast.
    const { LlmEngine } = await import('../src/engines/llm/engine');
    llm = new LlmEngine();
    const loaded = await llm.load({
      modelId: model.id,
      folder: model.folder,
      dtype: model.dtype,
      device: 'cpu',
      contextLength: model.contextLength,
    });
    print(`model loaded in ${Math.round(loaded.ms)} ms from ${model.folder}`);
    if (args.mode === 'tir') {
      const { createNodePythonRunner } = await import('../src/engines/python/node');
      const runner = await createNodePythonRunner({
        preimport: ['sympy'],
        ...(args.pythonTimeoutMs ? { timeoutMs: args.pythonTimeoutMs } : {}),
        log: (message) => process.stderr.write(`eval: ${message}\n`),
      });
      python = runner;
      const info = await runner.warm();
      print(`python ready in ${Math.round(info.ms.total)} ms (Pyodide ${info.pyodideVersion})`);
    }
    const symbolic = await loadComputeEngineJudge();
    // Opened once the model is up, so a failed load leaves no empty file behind.
    file = await openOutput(out);

    const accuracy: Tally = { correct: 0, total: 0 };
    const passAt1: Tally = { correct: 0, total: 0 };
    const first: Tally = { correct: 0, total: 0 };
    const cost = { tokens: 0, decodeTokens: 0, decodeMs: 0, ms: 0, calls: 0 };
    const progress = new Progress(process.stdout, problems.length);
    progress.start();
    for (const problem of problems) {
      const result = await solveProblem(problem, config, {
        llm,
        symbolic,
        ...(python ? { python } : {}),
      });
      await file.write(`${JSON.stringify(result.row)}\n`);
      accuracy.total++;
      if (result.correct) accuracy.correct++;
      first.total++;
      if (result.row.scores[0]) first.correct++;
      for (const score of result.row.scores) {
        passAt1.total++;
        if (score) passAt1.correct++;
      }
      for (const s of result.solutions) {
        cost.tokens += s.tokens;
        cost.decodeTokens += s.decodeTokens;
        cost.decodeMs += s.decodeMs;
        cost.ms += s.ms;
        cost.calls += s.calls ?? 0;
      }
      progress.update({
        done: accuracy.total,
        total: problems.length,
        correct: accuracy.correct,
        speed: cost.decodeMs > 0 ? (cost.decodeTokens * 1000) / cost.decodeMs : 0,
        detail: summarize(result, args.samples),
      });
    }
    progress.end();

    const decodeSpeed = cost.decodeMs > 0 ? (cost.decodeTokens * 1000) / cost.decodeMs : 0;
    const overallSpeed = cost.ms > 0 ? (cost.tokens * 1000) / cost.ms : 0;
    const seconds = (performance.now() - started) / 1000;
    const metrics = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      model: { ...model, device: 'cpu', loadMs: Math.round(loaded.ms) },
      dataset: args.dataset,
      data: dataFile,
      mode: args.mode,
      samples: args.samples,
      decoding: sampling ? { ...sampling, seed: args.seed } : 'greedy',
      maxNewTokens: args.maxNewTokens,
      problems: problems.length,
      accuracy,
      ...(args.samples > 1
        ? { passAt1, firstSample: first, [`maj@${args.samples}`]: accuracy }
        : {}),
      tokens: cost.tokens,
      decodeTokensPerSecond: decodeSpeed,
      overallTokensPerSecond: overallSpeed,
      ...(args.mode === 'tir' ? { toolCalls: cost.calls } : {}),
      seconds,
    };
    await writeFile(metricsFile, `${JSON.stringify(metrics, null, 2)}\n`);

    print(`wrote ${out} and ${metricsFile}`);
    print(
      `tokens: ${cost.tokens} generated in ${(cost.ms / 1000).toFixed(1)} s · ` +
        `${decodeSpeed.toFixed(1)} tokens/s decoding (after each first token), ` +
        `${overallSpeed.toFixed(1)} tokens/s overall` +
        (args.mode === 'tir' ? ` · ${cost.calls} programs run` : ''),
    );
    if (args.samples > 1) {
      print(`pass@1: ${show(passAt1)} of ${args.samples}×${problems.length} responses`);
      print(`first sample: ${show(first)}`);
      print(`maj@${args.samples}: ${show(accuracy)}`);
    }
    print(`accuracy: ${show(accuracy)}`);
  } finally {
    await file?.close().catch(() => {});
    python?.dispose();
    await llm?.dispose();
  }
}

runCli(CLI, (parsed) => main(evalArgs(parsed)));
