/**
 * `npm run grade -- FILE.jsonl [--dataset math|math500|gsm8k|aime24|amc23]`
 *
 * Re-grades solutions the official Qwen evaluation already graded (rows
 * `{responses, gt, preds, scores[, rm_scores]}`, the golden file's format) with
 * our extractor and grader, prints every disagreement with both sides, pass@1,
 * Maj@k and RM@k, and last `agreement: preds A/N, scores B/N`.
 *
 * Bad input ends with one line on stderr and exit 1 (2 for bad usage); never a
 * stack trace.
 */
import { DATASET_NAMES, type DatasetName, isDatasetName } from '../src/core/answer/datasets';
import {
  GradeInputError,
  type GradeReport,
  gradeRows,
  parseGradeRows,
  type Tally,
} from '../src/core/answer/grade';
import { loadComputeEngineJudge } from '../src/core/answer/symbolic';
import { type ParsedCli, runCli, UsageError } from './cli';
import { readText } from './read-text';

const CLI = {
  name: 'grade',
  usage: `npm run grade -- FILE.jsonl [--dataset ${DATASET_NAMES.join('|')}]`,
  options: { dataset: { type: 'string', default: 'math' } },
  positionals: true,
} as const;

function fileAndDataset({ values, positionals }: ParsedCli<typeof CLI.options>): {
  file: string;
  dataset: DatasetName;
} {
  const [file, ...more] = positionals;
  if (file === undefined) throw new UsageError('');
  if (more.length > 0) throw new UsageError('one file at a time');
  if (!isDatasetName(values.dataset)) throw new UsageError(`unknown --dataset ${values.dataset}`);
  return { file, dataset: values.dataset };
}

const pct = (t: Tally) => (t.total === 0 ? '0.0' : ((100 * t.correct) / t.total).toFixed(1));
const show = (t: Tally) => `${pct(t)}% (${t.correct}/${t.total})`;
const quote = (s: string) => JSON.stringify(s);

function print(report: GradeReport, file: string): void {
  const out: string[] = [];
  for (const s of report.samples) {
    const where = `${file}:${s.line} response ${s.sample}`;
    if (s.pred !== s.officialPred) {
      out.push(`pred differs  ${where}: ours ${quote(s.pred)}, official ${quote(s.officialPred)}`);
    }
    if ((s.verdict === true) !== s.officialScore) {
      out.push(
        `score differs ${where}: ours ${s.verdict}, official ${s.officialScore} (pred ${quote(s.pred)}, gt ${quote(s.reference)})`,
      );
    }
  }
  if (out.length === 0) out.push('no disagreements with the official preds and scores');
  const k = report.k ?? 'k';
  out.push(
    `pass@1: ${show(report.passAt1)} of responses; first response per problem ${show(report.firstSample)}`,
    `maj@${k}: ${show(report.majority)} (answers clustered by equivalence); by exact string ${show(report.majorityByString)}`,
  );
  if (report.reward) out.push(`rm@${k}: ${show(report.reward)} (highest rm_score per problem)`);
  const { predAgreement: p, scoreAgreement: s } = report;
  out.push(`agreement: preds ${p.correct}/${p.total}, scores ${s.correct}/${s.total}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

runCli(CLI, async (args) => {
  const { file, dataset } = fileAndDataset(args);
  const text = await readText(file);
  let rows: ReturnType<typeof parseGradeRows>;
  try {
    rows = parseGradeRows(text);
  } catch (error) {
    throw error instanceof GradeInputError ? new Error(`${file}: ${error.message}`) : error;
  }
  const symbolic = await loadComputeEngineJudge();
  print(gradeRows(rows, { dataset, symbolic }), file);
});
