/**
 * `npm run bench`: runs every bench/*.bench.ts, prints one table and writes
 * bench/results.json. Each bench module default-exports an async function
 * returning rows; ratios measured in the same run are what BENCHMARKS.md
 * quotes, since this machine's absolute timings drift.
 *
 *   npm run bench               all benches
 *   npm run bench -- render ocr only the named ones (file name without .bench.ts)
 *   npm run bench -- llm --real   the llm bench's own switches (bench/llm.bench.ts reads
 *                                 --real, --gpu, --paths and --threads from process.argv)
 */
import { readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, UsageError } from './cli';

export interface BenchRow {
  bench: string;
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export type Bench = () => Promise<Omit<BenchRow, 'bench'>[]>;

const benchDir = path.resolve(import.meta.dirname, '..', 'bench');

const CLI = {
  name: 'bench',
  usage: 'npm run bench [-- NAME…] [--real] [--gpu] [--paths] [--threads]',
  options: {
    real: { type: 'boolean' },
    gpu: { type: 'boolean' },
    paths: { type: 'boolean' },
    threads: { type: 'boolean' },
  },
  positionals: true,
} as const;

runCli(CLI, async ({ positionals: only }) => {
  const files = (await readdir(benchDir))
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => only.length === 0 || only.includes(file.replace(/\.bench\.ts$/, '')))
    .sort();
  if (files.length === 0) throw new UsageError(`no bench in bench/ is named ${only.join(', ')}`);
  const rows: BenchRow[] = [];
  for (const file of files) {
    const bench = file.replace(/\.bench\.ts$/, '');
    process.stdout.write(`running ${bench}…\n`);
    const module = (await import(pathToFileURL(path.join(benchDir, file)).href)) as {
      default: Bench;
    };
    for (const row of await module.default()) rows.push({ bench, ...row });
  }
  printTable(rows);
  const machine = `${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${process.platform} ${os.release()}, Node ${process.version}`;
  await writeFile(
    path.join(benchDir, 'results.json'),
    `${JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2)}\n`,
  );
  console.log(`\n${machine}\nwrote bench/results.json`);
});

function printTable(rows: BenchRow[]): void {
  const cells = rows.map((r) => [r.bench, r.name, formatValue(r.value), r.unit, r.note ?? '']);
  const header = ['bench', 'measure', 'value', 'unit', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const c of cells) console.log(line(c));
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(3);
}
