/**
 * Confidence that means what it says: reads the tuning set, marks each word
 * right or wrong against the reference (a word-level alignment), fits
 * tesseract's confidence → share of right words by isotonic regression, one
 * table for prose and one for formula pieces, and prints the table for
 * src/core/ocr/calibration.ts. Then prints the reliability table (words by
 * shown confidence: how many, how many right) on the tuning set and on the
 * dev set, which is only checked, never fitted.
 *
 *   npx tsx scripts/ocr-tuning/calibrate.ts [--fit] [--dev-only]
 */
import { parseArgs } from 'node:util';
import { calibrated, interpolate, isMathWord, type Knots } from '../../src/core/ocr/calibration';
import { normalizeForCer } from '../../src/core/ocr/cer';
import { createNodeRecognizer } from '../../src/engines/ocr/node';
import { DEV_DIR, evaluate, hasSet, loadSet, type Outcome, TUNING_DIR } from './evaluate';

export interface ScoredWord {
  text: string;
  raw: number;
  shown: number;
  math: boolean;
  right: boolean;
}

/** Which hypothesis words equal the reference word they align to (Levenshtein over words). */
export function alignWords(hyp: string[], ref: string[]): boolean[] {
  const n = hyp.length;
  const m = ref.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) =>
    Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++) {
      const cost = hyp[i - 1] === ref[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      row[j] = Math.min(
        (d[i - 1]?.[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (d[i - 1]?.[j - 1] ?? 0) + cost,
      );
    }
  const right = new Array<boolean>(n).fill(false);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const here = d[i]?.[j] ?? 0;
    const cost = hyp[i - 1] === ref[j - 1] ? 0 : 1;
    if (here === (d[i - 1]?.[j - 1] ?? 0) + cost) {
      right[i - 1] = cost === 0;
      i--;
      j--;
    } else if (here === (d[i - 1]?.[j] ?? 0) + 1) i--;
    else j--;
  }
  return right;
}

export function scoreWords(outcomes: Outcome[]): ScoredWord[] {
  return outcomes.flatMap((o) => {
    const result = o.result;
    if (!result) return [];
    const words = result.words.filter((w) => !w.formula);
    const hyp = words.map((w) => normalizeForCer(result.text.slice(w.start, w.end)));
    const ref = normalizeForCer(o.item.gt_plain).split(' ');
    const right = alignWords(hyp, ref);
    return words.map((w, k) => ({
      text: hyp[k] ?? '',
      raw: w.raw,
      shown: w.confidence,
      math: isMathWord(hyp[k] ?? ''),
      right: right[k] ?? false,
    }));
  });
}

/** Pool-adjacent-violators: the non-decreasing fit of right (0/1) on raw confidence, as knots. */
export function isotonic(words: ScoredWord[]): Knots {
  const sorted = [...words].sort((a, b) => a.raw - b.raw);
  const blocks: { lo: number; hi: number; sum: number; n: number }[] = [];
  for (const w of sorted) {
    blocks.push({ lo: w.raw, hi: w.raw, sum: w.right ? 1 : 0, n: 1 });
    while (blocks.length > 1) {
      const b = blocks.at(-1) as (typeof blocks)[number];
      const a = blocks.at(-2) as (typeof blocks)[number];
      if (a.sum / a.n < b.sum / b.n) break;
      blocks.splice(-2, 2, { lo: a.lo, hi: b.hi, sum: a.sum + b.sum, n: a.n + b.n });
    }
  }
  // Each block becomes a knot at its mid raw confidence; sparse blocks (fewer than
  // 20 words) are merged into their neighbour, so the table is not one word's luck.
  const merged: typeof blocks = [];
  for (const b of blocks) {
    const last = merged.at(-1);
    if (last && (last.n < 20 || b.n < 20))
      merged.splice(-1, 1, { lo: last.lo, hi: b.hi, sum: last.sum + b.sum, n: last.n + b.n });
    else merged.push({ ...b });
  }
  const knots: [number, number][] = merged.map((b) => [
    Math.round(((b.lo + b.hi) / 2) * 1000) / 1000,
    Math.round((b.sum / b.n) * 1000) / 1000,
  ]);
  // Monotone after merging too (merging can only average neighbours).
  for (let k = 1; k < knots.length; k++)
    (knots[k] as [number, number])[1] = Math.max(
      (knots[k] as [number, number])[1],
      (knots[k - 1] as [number, number])[1],
    );
  return [
    [0, knots[0]?.[1] ?? 0],
    ...knots.filter(([x]) => x > 0 && x < 1),
    [1, knots.at(-1)?.[1] ?? 1],
  ];
}

const BINS = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001];

export function reliability(words: ScoredWord[], shown: (w: ScoredWord) => number): string[] {
  const lines = [
    '| shown confidence | words | mean shown | right |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (let b = 0; b < BINS.length - 1; b++) {
    const lo = BINS[b] as number;
    const hi = BINS[b + 1] as number;
    const bin = words.filter((w) => shown(w) >= lo && shown(w) < hi);
    if (bin.length === 0) continue;
    const mean = bin.reduce((s, w) => s + shown(w), 0) / bin.length;
    const right = bin.filter((w) => w.right).length / bin.length;
    lines.push(
      `| ${Math.round(lo * 100)}–${Math.min(100, Math.round(hi * 100))}% | ${bin.length} | ${(mean * 100).toFixed(0)}% | ${(right * 100).toFixed(0)}% |`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fit: { type: 'boolean', default: false },
      'dev-only': { type: 'boolean', default: false },
    },
  });
  const recognizer = await createNodeRecognizer('eng');
  try {
    if (!values['dev-only']) {
      if (!hasSet(TUNING_DIR)) throw new Error(`No tuning set at ${TUNING_DIR}.`);
      const words = scoreWords(await evaluate(TUNING_DIR, loadSet(TUNING_DIR), recognizer));
      console.log(
        `tuning set: ${words.length} words, ${words.filter((w) => w.right).length} right`,
      );
      console.log('raw tesseract confidence:');
      console.log(reliability(words, (w) => w.raw).join('\n'));
      if (values.fit) {
        const prose = isotonic(words.filter((w) => !w.math));
        const math = isotonic(words.filter((w) => w.math));
        console.log(`\nCALIBRATION = ${JSON.stringify({ prose, math })}`);
        console.log('\ncalibrated with the new tables:');
        const fitted = (w: ScoredWord) => interpolate(w.math ? math : prose, w.raw);
        console.log(reliability(words, fitted).join('\n'));
      } else {
        console.log('\ncalibrated (shown):');
        console.log(reliability(words, (w) => calibrated(w.raw, w.text)).join('\n'));
      }
    }
    if (hasSet(DEV_DIR)) {
      const dev = scoreWords(await evaluate(DEV_DIR, loadSet(DEV_DIR), recognizer));
      console.log(`\ndev set (held out): ${dev.length} words`);
      console.log(reliability(dev, (w) => calibrated(w.raw, w.text)).join('\n'));
    }
  } finally {
    await recognizer.terminate();
  }
}

if (process.argv[1]?.endsWith('calibrate.ts'))
  main().catch((error: unknown) => {
    console.error(`calibrate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
