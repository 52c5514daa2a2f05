/**
 * The OCR tuning set: several hundred pictures of problems made here, to
 * choose every parameter of the OCR pipeline on, so that
 * ../shared/data/ocr/dev stays a test nobody tuned on.
 *
 *   npx tsx scripts/ocr-tuning/generate.ts [--out .ocr-tuning] [--seed 12] [--scale 1]
 *
 * A dev tool: it needs Debian's Chromium and the fonts docs/ocr.md lists
 * (apt-get install fonts-…), which CI does not have; its output (~60 MB) is
 * not committed. The same seed and fonts give the same set. Writes
 * OUT/manifest.jsonl, one row per picture as the dev set's:
 * `{file, kind, source, gt, gt_plain, render}`; kind `sketch` rows point to
 * a JSON file of pen strokes, which the benchmark renders as the sketch pad does.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../../src/core/random';
import { handwritingDegradation, photoDegradation, photograph, TABLES } from './degrade';
import { FONTS } from './fonts';
import { readHershey, sketchText } from './hershey';
import {
  devSources,
  gsm8kProblems,
  int,
  math500Problems,
  type Problem,
  pick,
  type Random,
  sketchExpressions,
  templateProblems,
} from './problems';
import { ProblemRenderer, type RenderSpec } from './render';

const HERSHEY = ['futural', 'rowmans', 'scripts', 'timesr', 'cursive'];

const COUNTS = { 'printed-text': 100, 'printed-math': 140, photo: 80, handwriting: 80, sketch: 40 };

interface Row {
  file: string;
  kind: keyof typeof COUNTS;
  source: string;
  gt: string;
  gt_plain: string;
  render: Record<string, unknown>;
}

function printedFont(rand: Random): string {
  const r = rand();
  return pick(rand, r < 0.5 ? FONTS.serif : r < 0.93 ? FONTS.sans : FONTS.typewriter);
}

function baseSpec(rand: Random, problem: Problem, font: string): RenderSpec {
  return {
    gt: problem.gt,
    content: problem.content,
    font,
    fontPx: int(rand, 16, 28),
    widthCss: int(rand, 480, 900),
    deviceScale: pick(rand, [1, 1.25, 1.5, 2]),
    ink: '#111',
    paper: 'plain',
    mathInFont: false,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: '.ocr-tuning' },
      seed: { type: 'string', default: '12' },
      scale: { type: 'string', default: '1' },
    },
  });
  const root = path.resolve(import.meta.dirname, '..', '..');
  const dataDir = path.resolve(root, '..', 'shared', 'data');
  if (!existsSync(path.join(dataDir, 'gsm8k'))) throw new Error(`No problems at ${dataDir}.`);
  const out = path.resolve(values.out);
  mkdirSync(out, { recursive: true });
  const seed = Number(values.seed);
  const rand = mulberry32(seed);
  const scale = Number(values.scale);
  const counts = Object.fromEntries(
    Object.entries(COUNTS).map(([k, v]) => [k, Math.max(1, Math.round(v * scale))]),
  ) as typeof COUNTS;

  const exclude = devSources(dataDir);
  const shuffle = <T>(items: T[]) => {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j] as T, a[i] as T];
    }
    return a;
  };
  const words = shuffle(gsm8kProblems(dataDir, exclude));
  const math = shuffle([...math500Problems(dataDir, exclude), ...templateProblems(rand, 160)]);
  let w = 0;
  let m = 0;
  const nextWord = () => words[w++ % words.length] as Problem;
  const nextMath = () => math[m++ % math.length] as Problem;

  const rows: Row[] = [];
  const renderer = new ProblemRenderer();
  await renderer.start();
  const write = (row: Row, bytes: Buffer | string) => {
    writeFileSync(path.join(out, row.file), bytes);
    rows.push(row);
    if (rows.length % 25 === 0) console.log(`${rows.length} pictures…`);
  };
  const name = (kind: string, i: number, ext: string) =>
    `${kind}-${String(i + 1).padStart(3, '0')}.${ext}`;
  try {
    for (let i = 0; i < counts['printed-text']; i++) {
      const p = nextWord();
      const spec = baseSpec(rand, p, printedFont(rand));
      const { gt: _, ...render } = spec;
      write(
        { file: name('printed-text', i, 'png'), kind: 'printed-text', ...fields(p), render },
        await renderer.render(spec),
      );
    }
    for (let i = 0; i < counts['printed-math']; i++) {
      const p = nextMath();
      const spec = baseSpec(rand, p, rand() < 0.2 ? 'KaTeX_Main' : printedFont(rand));
      const { gt: _, ...render } = spec;
      write(
        { file: name('printed-math', i, 'png'), kind: 'printed-math', ...fields(p), render },
        await renderer.render(spec),
      );
    }
    for (let i = 0; i < counts.photo; i++) {
      const p = rand() < 0.5 ? nextWord() : nextMath();
      const spec = baseSpec(rand, p, printedFont(rand));
      const d = photoDegradation(rand);
      const table = pick(rand, TABLES);
      const { bytes, ext } = await photograph(await renderer.render(spec), d, rand, table);
      const { gt: _, ...render } = spec;
      write(
        {
          file: name('photo', i, ext),
          kind: 'photo',
          ...fields(p),
          render: { ...render, content: p.content, degrade: d },
        },
        bytes,
      );
    }
    for (let i = 0; i < counts.handwriting; i++) {
      const p = rand() < 0.55 ? nextWord() : nextMath();
      const spec: RenderSpec = {
        ...baseSpec(rand, p, pick(rand, FONTS.handwriting)),
        fontPx: int(rand, 22, 34),
        ink: pick(rand, ['#1d2a7a', '#222', '#3a3f4a', '#14365e']),
        paper: pick(rand, ['plain', 'ruled', 'grid'] as const),
        mathInFont: true,
      };
      const d = handwritingDegradation(rand);
      const table = pick(rand, TABLES);
      const { bytes, ext } = await photograph(await renderer.render(spec), d, rand, table);
      const { gt: _, ...render } = spec;
      write(
        {
          file: name('handwriting', i, ext),
          kind: 'handwriting',
          ...fields(p),
          render: { ...render, content: p.content, degrade: d },
        },
        bytes,
      );
    }
  } finally {
    await renderer.close();
  }
  const fonts = new Map(
    HERSHEY.map((f) => [f, readHershey(`/usr/share/hershey-fonts/${f}.jhf`)] as const),
  );
  const expressions = sketchExpressions(rand, counts.sketch);
  expressions.forEach((text, i) => {
    const font = pick(rand, HERSHEY);
    const size = int(rand, 55, 110);
    const pen = pick(rand, [3, 4, 6, 6, 6, 8, 10]);
    const sketch = sketchText(fonts.get(font) as never, text, rand, {
      width: 796,
      height: 240,
      size: Math.min(size, Math.floor(680 / (text.length * 0.75))),
      pen,
    });
    write(
      {
        file: name('sketch', i, 'json'),
        kind: 'sketch',
        source: 'sketch',
        gt: text,
        gt_plain: text,
        render: { font: `hershey:${font}`, size, pen },
      },
      `${JSON.stringify(sketch)}\n`,
    );
  });
  writeFileSync(
    path.join(out, 'manifest.jsonl'),
    `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`,
  );
  writeFileSync(
    path.join(out, 'README.md'),
    `OCR tuning set: ${rows.length} pictures, seed ${seed}, scale ${scale}, made ${new Date().toISOString()} by scripts/ocr-tuning/generate.ts.\n`,
  );
  console.log(`Wrote ${rows.length} pictures and manifest.jsonl to ${out}.`);
}

function fields(p: Problem) {
  return { source: p.source, gt: p.gt, gt_plain: p.gt_plain };
}

main().catch((error: unknown) => {
  console.error(
    `ocr-tuning: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
