/**
 * Benchmark problems as the official evaluation reads them (math_eval.py,
 * data_loader.py): rows in file order, `idx` from the row or its position,
 * the first N with --limit, the question and reference answer parsed by
 * src/core/answer, problems with an empty question skipped.
 */
import path from 'node:path';
import {
  type DatasetExample,
  type DatasetName,
  parseGroundTruth,
  parseQuestion,
} from '../../src/core/answer/datasets';
import { readText } from '../read-text';

export interface Problem {
  idx: number;
  question: string;
  /** The reference answer, parsed as the official evaluation does. */
  gt: string;
  /** The row's fields the official output keeps (answer, solution, level, …). */
  fields: Record<string, unknown>;
}

/** The fields math_eval.py copies into its output rows, and a few ids. */
const KEPT_FIELDS = [
  'level',
  'type',
  'subject',
  'unit',
  'solution_type',
  'choices',
  'solution',
  'ques_type',
  'ans_type',
  'answer_type',
  'dataset',
  'subfield',
  'filed',
  'theorem',
  'answer',
  'unique_id',
  'id',
];

export const DATA_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');

export function defaultDataFile(dataset: DatasetName): string {
  return path.join(DATA_DIR, dataset, 'test.jsonl');
}

export async function loadProblems(
  file: string,
  dataset: DatasetName,
  limit?: number,
): Promise<{ problems: Problem[]; rows: number }> {
  const text = await readText(file, `the ${dataset} data`);
  const lines = text
    .split('\n')
    .flatMap((line, i) => (line.trim() === '' ? [] : [{ line, n: i + 1 }]));
  const problems: Problem[] = [];
  for (const [position, { line, n }] of lines.slice(0, limit).entries()) {
    let example: DatasetExample;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error();
      example = value as DatasetExample;
    } catch {
      throw new Error(`${file} line ${n} is not a JSON object`);
    }
    let question: string;
    let gt: string;
    try {
      gt = parseGroundTruth(example, dataset);
      question = parseQuestion(example, dataset);
    } catch (error) {
      throw new Error(
        `${file} line ${n}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (question === '') continue;
    const fields: Record<string, unknown> = {};
    for (const key of KEPT_FIELDS) if (key in example) fields[key] = example[key];
    const idx = typeof example.idx === 'number' ? example.idx : position;
    problems.push({ idx, question, gt, fields });
  }
  if (problems.length === 0) throw new Error(`${file} has no problems`);
  return { problems, rows: lines.length };
}
