import { filterComponents, labelComponents } from '../image/components';
import { cropBinary, cropGray, inkBounds, padBox, padGray } from '../image/crop';
import { resizeGray } from '../image/resize';
import { thresholdGlobal } from '../image/threshold';
import type { BinaryImage, Box, GrayImage, RgbaImage } from '../image/types';
import { binaryToGray } from '../image/types';
import { calibrated } from './calibration';
import { cleanupText } from './cleanup';
import {
  assessMath,
  locateTokens,
  type MathAssessment,
  overallConfidence,
  type TextRange,
  uncertainRanges,
} from './confidence';
import { ocrError } from './errors';
import { type FormulaOutcome, readFormulaSpans } from './formula/read';
import { formulaSpans } from './formula/spans';
import {
  type Insertion,
  insertionToken,
  lineMetrics,
  lineTokens,
  scriptPosition,
  type TextToken,
} from './layout';
import { eraseRegions, findMathRegions, type MathRegion } from './math-regions';
import {
  DEFAULT_PREPROCESS,
  type Geometry,
  type PreprocessOptions,
  preprocess,
  toSourceBox,
} from './preprocess';
import type {
  FormulaReader,
  OcrLine,
  OcrPage,
  OcrRecognizer,
  OcrSymbol,
  PageSegMode,
} from './types';

export interface PipelineOptions {
  /** Preprocessing steps, or false to hand tesseract the photo as decoded (the "raw" baseline). */
  preprocess: Partial<PreprocessOptions> | false;
  mode: PageSegMode;
  /** Rebuild lines from symbol boxes (superscripts, subscripts, centred dots). */
  layout: boolean;
  /** Find fractions and radicals, read them on their own and splice them in. */
  mathRegions: boolean;
  /**
   * How the main read treats those regions: 'erase' blanks them before reading;
   * 'replace' reads the page as is and swaps the symbols inside each region for
   * the region's own reading; 'mixed' erases fractions (two lines tall, they
   * throw tesseract's line finding off) and replaces radicals (which sit on the
   * line and keep tesseract's spacing intact).
   */
  regionMode: 'erase' | 'replace' | 'mixed';
  cleanup: boolean;
  /**
   * On a noisy picture (one preprocessing smoothed), words tesseract reads
   * with a confidence under this (0–100) are dropped: there it reads specks
   * as rows of garbage, and a missing word costs a student less than a line
   * of nonsense. On clean pictures every word is kept (its low confidence is
   * marked instead). 0 keeps all.
   */
  dropBelow: number;
  /**
   * An image-to-LaTeX model for the formulas the layout finds; without one
   * (not downloaded, offline) tesseract reads them as before.
   */
  formulas?: FormulaReader;
  /** Called between steps; throw from it (e.g. an AbortSignal's reason) to stop. */
  checkpoint?: () => void;
}

export const DEFAULT_PIPELINE: PipelineOptions = {
  preprocess: DEFAULT_PREPROCESS,
  mode: 'auto',
  layout: true,
  mathRegions: true,
  regionMode: 'mixed',
  cleanup: true,
  dropBelow: 0,
};

export interface PipelineResult {
  /** The problem as text, cleaned up for the Problem box. */
  text: string;
  /** 0–1. */
  confidence: number;
  /** Parts of `text` to check: words tesseract was unsure of. */
  uncertain: TextRange[];
  math: MathAssessment;
  /** Tesseract's own text of the main read, before any of our post-processing. */
  rawText: string;
  page: OcrPage;
  regions: MathRegion[];
  /** Formulas found by the layout (whether or not a formula model read them). */
  formulaCandidates: number;
  /** What the formula model did, when there was one. */
  formulaOutcome: FormulaOutcome | null;
  /** The `$…$` formulas in `text`, with the recogniser's confidence (0–1). */
  formulas: (TextRange & { latex: string; confidence: number })[];
  /** Each word's place in `text` and its box on the decoded picture. */
  words: (TextRange & {
    box: Box;
    /** Calibrated: the chance that the word is right, 0–1. */
    confidence: number;
    /** Tesseract's own confidence, 0–1, before calibration. */
    raw: number;
    formula: boolean;
  })[];
  /** Milliseconds per step. */
  timings: Record<string, number>;
}

/**
 * Photo in, problem text out: preprocess, find fractions and roots, read the
 * page and each region, rebuild the lines, clean up. The recognizer is
 * injected, so the browser worker and the Node CLI run this same function.
 * Throws an OcrError 'no-text' when nothing readable is found.
 */
export async function runPipeline(
  rgba: RgbaImage,
  recognizer: OcrRecognizer,
  options: Partial<PipelineOptions> = {},
): Promise<PipelineResult> {
  const o = { ...DEFAULT_PIPELINE, ...options };
  const checkpoint = o.checkpoint ?? (() => {});
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
    checkpoint();
  };
  const pre = preprocess(rgba, o.preprocess === false ? NO_PREPROCESSING : o.preprocess);
  lap('preprocess');
  if (pre.blank) throw ocrError('no-text');

  let regions: MathRegion[] = [];
  let mainImage = pre.image;
  if (o.mathRegions && o.layout && o.preprocess !== false) {
    const layout = findMathRegions(pre.ink, pre.charHeight);
    regions = layout.regions;
    const erased = regions.filter(
      (r) => o.regionMode === 'erase' || (o.regionMode === 'mixed' && r.kind === 'fraction'),
    );
    if (erased.length > 0) mainImage = binaryToGray(eraseRegions(pre.ink, erased));
  }
  lap('layout');
  let page = await recognizer.recognize(mainImage, o.mode);
  // Automatic layout analysis sometimes finds no text block at all in a few
  // large, sparse characters (a sketch of "1 + 7"): then read it as one block
  // and as one line, and keep the more confident reading.
  if (o.mode === 'auto' && !hasText(page)) {
    const block = await recognizer.recognize(mainImage, 'block');
    const line = await recognizer.recognize(mainImage, 'line');
    page = line.confidence > block.confidence ? line : block;
  }
  if (o.layout) await rereadScripts(page.lines, mainImage, pre.charHeight, recognizer);
  lap('recognize');
  const insertions: Insertion[] = [];
  for (const region of regions) {
    const read = await readRegion(region, pre.ink, pre.charHeight, recognizer);
    if (read) insertions.push({ box: region.box, ...read });
    checkpoint();
  }
  lap('regions');

  let tokens: TextToken[];
  let raw: string;
  let formulaCandidates = 0;
  let formulaOutcome: FormulaOutcome | null = null;
  if (o.layout) {
    const lines = o.regionMode === 'erase' ? page.lines : withoutRegions(page.lines, regions);
    const rows = pageRows(lines, insertions).map((row) =>
      row.filter((t) => !pre.noisy || t.region || t.confidence >= o.dropBelow),
    );
    const spans = formulaSpans(rows, pre.charHeight);
    formulaCandidates = spans.length;
    if (o.formulas && spans.length > 0)
      formulaOutcome = await readFormulaSpans(rows, spans, pre.ink, o.formulas, checkpoint);
    lap('formulas');
    tokens = rows.flat();
    raw = rows.map((row) => row.map((tk) => tk.text).join(' ')).join('\n');
  } else {
    tokens = page.lines.flatMap((line) =>
      line.words.map((w) => ({ text: w.text, confidence: w.confidence, ...w.bbox })),
    );
    raw = page.text;
  }
  const text = o.cleanup ? cleanupAround(raw, tokens) : raw.trim();
  // Tesseract's confidences become probabilities of being right (calibration.ts);
  // the formula model's are its own.
  const rawConfidence = tokens.map((t) => t.confidence / 100);
  tokens = tokens.map((t) =>
    t.formula ? t : { ...t, confidence: calibrated(t.confidence / 100, t.text) * 100 },
  );
  if (!/[\p{L}\p{N}]/u.test(text)) throw ocrError('no-text');
  const confidence = overallConfidence(tokens);
  const scripts = (text.match(/[\^_]/g) ?? []).length;
  const places = locateTokens(text, tokens);
  const words = tokens.flatMap((token, i) => {
    const at = places[i];
    if (!at) return [];
    const box = sourceBox(token, pre.geometry, o.preprocess !== false);
    const formula = token.formula === true;
    return [
      { ...at, box, confidence: token.confidence / 100, raw: rawConfidence[i] ?? 0, formula },
    ];
  });
  const result: PipelineResult = {
    text,
    confidence,
    uncertain: uncertainRanges(text, tokens),
    math: assessMath(text, regions.length + scripts, confidence),
    rawText: page.text,
    page,
    regions,
    formulaCandidates,
    formulaOutcome,
    formulas: words
      .filter((w) => w.formula)
      .map(({ start, end, confidence }) => {
        const latex = inlineLatex(text.slice(start, end));
        return { start, end, latex, confidence };
      }),
    words,
    timings,
  };
  lap('postprocess');
  return result;
}

/**
 * Clean-up for tesseract's text only: each formula token's LaTeX is swapped
 * for a placeholder the rules cannot touch, and put back afterwards.
 */
function cleanupAround(raw: string, tokens: TextToken[]): string {
  const formulas = tokens.filter((t) => t.formula).map((t) => t.text);
  if (formulas.length === 0) return cleanupText(raw);
  let k = 0;
  let masked = raw;
  for (const f of formulas) masked = masked.replace(f, `\uE000${k++}\uE001`);
  return cleanupText(masked).replace(
    /\uE000(\d+)\uE001/g,
    (_m, i: string) => formulas[Number(i)] ?? '',
  );
}

function inlineLatex(token: string): string {
  return /^\$(.*)\$[,.;:?!]*$/s.exec(token)?.[1] ?? token;
}

function sourceBox(token: TextToken, geometry: Geometry, preprocessed: boolean): Box {
  const box = { x0: token.x0, y0: token.y0, x1: token.x1, y1: token.y1 };
  return preprocessed ? toSourceBox(box, geometry) : box;
}

function hasText(page: OcrPage): boolean {
  return page.lines.some((line) => line.words.some((w) => /[\p{L}\p{N}]/u.test(w.text)));
}

const NO_PREPROCESSING: Partial<PreprocessOptions> = {
  normalize: false,
  rescale: false,
  binarize: false,
  clean: false,
  faintFraction: 0,
  deskew: false,
  crop: false,
  sheet: false,
};

async function readRegion(
  region: MathRegion,
  ink: BinaryImage,
  charHeight: number,
  recognizer: OcrRecognizer,
): Promise<{ text: string; confidence: number } | null> {
  if (region.kind === 'fraction') {
    const numerator = await readBox(ink, region.numerator, charHeight, recognizer);
    const denominator = await readBox(ink, region.denominator, charHeight, recognizer);
    if (!numerator.text || !denominator.text) return null;
    return {
      text: `${group(numerator.text)}/${group(denominator.text)}`,
      confidence: Math.min(numerator.confidence, denominator.confidence),
    };
  }
  const radicand = await readBox(ink, region.radicand, charHeight, recognizer);
  return radicand.text ? { text: `sqrt(${radicand.text})`, confidence: radicand.confidence } : null;
}

/** Parentheses around a numerator or denominator unless it is one number or symbol. */
function group(text: string): string {
  return /^-?[A-Za-z0-9.]+$/.test(text) ? text : `(${text})`;
}

/** Reads one box of the ink as a single line, scaled up when small (scripts in fractions are). */
async function readBox(
  ink: BinaryImage,
  box: Box,
  charHeight: number,
  recognizer: OcrRecognizer,
): Promise<{ text: string; confidence: number }> {
  const padded = padBox(box, 1, ink.width, ink.height);
  let gray = binaryToGray(cropBinary(ink, padded));
  const factor = Math.min(3, Math.max(1, (1.1 * charHeight) / (box.y1 - box.y0)));
  if (factor > 1.1)
    gray = resizeGray(gray, Math.round(gray.width * factor), Math.round(gray.height * factor));
  gray = padGray(gray, Math.round(charHeight * 0.6));
  const page = await recognizer.recognize(gray, 'line');
  await rereadScripts(page.lines, gray, charHeight, recognizer);
  const tokens = page.lines.flatMap((line) => lineTokens(line));
  return {
    text: cleanupText(tokens.map((tk) => tk.text).join(' ')),
    confidence: tokens.length > 0 ? Math.min(...tokens.map((tk) => tk.confidence)) : 0,
  };
}

/**
 * Raised symbols that tesseract read as punctuation at line size ("10°" for
 * 10^x, "x?" for x^2) are read again on their own, enlarged to the size of
 * ordinary letters; the new reading replaces the old one only when it is a
 * confident letter or digit. Mutates the symbols in `lines`.
 */
async function rereadScripts(
  lines: OcrLine[],
  image: GrayImage,
  charHeight: number,
  recognizer: OcrRecognizer,
): Promise<void> {
  for (const line of lines) {
    const metrics = lineMetrics(line);
    for (const word of line.words) {
      for (let i = 1; i < word.symbols.length; i++) {
        const symbol = word.symbols[i];
        if (!symbol || /^[A-Za-z0-9]$/.test(symbol.text)) continue;
        if (scriptPosition(symbol, metrics) !== 'super') continue;
        const crop = isolateGlyph(image, symbol.bbox, metrics.capHeight, charHeight);
        if (!crop) continue;
        const read = await recognizer.recognize(crop, 'char');
        const text = read.text.trim();
        if (/^[A-Za-z0-9]$/.test(text) && read.confidence >= 50) {
          symbol.text = text;
          word.text = word.symbols.map((s) => s.text).join('');
        }
      }
    }
  }
}

/**
 * The ink of one glyph, cut out and enlarged: tesseract's symbol boxes are
 * approximate, so the glyph is the set of connected components whose centre
 * lies in the box, taken whole and nothing else.
 */
function isolateGlyph(
  image: GrayImage,
  bbox: Box,
  capHeight: number,
  charHeight: number,
): GrayImage | null {
  const margin = Math.round(0.4 * capHeight);
  const area = padBox(
    {
      x0: Math.floor(bbox.x0),
      y0: Math.floor(bbox.y0),
      x1: Math.ceil(bbox.x1),
      y1: Math.ceil(bbox.y1),
    },
    margin,
    image.width,
    image.height,
  );
  if (area.x1 <= area.x0 || area.y1 <= area.y0) return null;
  const ink = thresholdGlobal(cropGray(image, area), 127);
  const { components, labels } = labelComponents(ink);
  const inside = (c: Box) => {
    const cx = (c.x0 + c.x1) / 2 + area.x0;
    const cy = (c.y0 + c.y1) / 2 + area.y0;
    return cx >= bbox.x0 && cx <= bbox.x1 && cy >= bbox.y0 && cy <= bbox.y1;
  };
  const keep = components.filter(inside);
  if (keep.length === 0) return null;
  const glyph = filterComponents(ink, { components, labels }, (c) => keep.includes(c));
  const bounds = inkBounds(glyph);
  if (!bounds) return null;
  let crop = binaryToGray(cropBinary(glyph, bounds));
  const factor = Math.min(4, Math.max(1, charHeight / crop.height));
  if (factor > 1.1)
    crop = resizeGray(crop, Math.round(crop.width * factor), Math.round(crop.height * factor));
  return padGray(crop, Math.round(charHeight * 0.5));
}

/**
 * Lines top to bottom, each region spliced into the line it sits on. Lines
 * that share a row (tesseract splits a row at a wide gap, such as an erased
 * fraction) are merged and read left to right.
 */
function pageRows(lines: OcrLine[], insertions: Insertion[]): TextToken[][] {
  const rows = mergeRows(lines);
  const perRow = new Map<OcrLine, Insertion[]>();
  const orphans: Insertion[] = [];
  for (const ins of insertions) {
    const row = rowFor(rows, ins.box);
    if (row) perRow.set(row, [...(perRow.get(row) ?? []), ins]);
    else orphans.push(ins);
  }
  const out = rows.map((row) => ({
    y: (row.bbox.y0 + row.bbox.y1) / 2,
    tokens: lineTokens(row, perRow.get(row) ?? []),
  }));
  // Regions on a row with no other text (a display formula) form rows of
  // their own; regions side by side share one.
  const orphanRows: { box: Box; tokens: TextToken[] }[] = [];
  for (const ins of orphans) {
    const token = insertionToken(ins);
    const h = ins.box.y1 - ins.box.y0;
    const row = orphanRows.find((r) => {
      const overlap = Math.min(r.box.y1, ins.box.y1) - Math.max(r.box.y0, ins.box.y0);
      return overlap > 0.5 * Math.min(h, r.box.y1 - r.box.y0);
    });
    if (row) {
      row.tokens.push(token);
      row.box = unionBox([row.box, ins.box]);
    } else {
      orphanRows.push({ box: ins.box, tokens: [token] });
    }
  }
  for (const row of orphanRows) {
    row.tokens.sort((a, b) => a.x0 - b.x0);
    out.push({ y: (row.box.y0 + row.box.y1) / 2, tokens: row.tokens });
  }
  out.sort((a, b) => a.y - b.y);
  return out.map((r) => r.tokens).filter((tokens) => tokens.length > 0);
}

/** Merges lines that sit side by side (no horizontal overlap, mostly the same height band) into one row. */
function mergeRows(lines: OcrLine[]): OcrLine[] {
  const sorted = [...lines].sort((a, b) => a.bbox.y0 - b.bbox.y0);
  const rows: OcrLine[] = [];
  for (const line of sorted) {
    const h = line.bbox.y1 - line.bbox.y0;
    const row = rows.find((r) => {
      const overlapY = Math.min(r.bbox.y1, line.bbox.y1) - Math.max(r.bbox.y0, line.bbox.y0);
      const overlapX = Math.min(r.bbox.x1, line.bbox.x1) - Math.max(r.bbox.x0, line.bbox.x0);
      return overlapX <= 0 && overlapY > 0.6 * Math.min(h, r.bbox.y1 - r.bbox.y0);
    });
    if (row) {
      row.words = [...row.words, ...line.words].sort((a, b) => a.bbox.x0 - b.bbox.x0);
      row.bbox = unionBox([row.bbox, line.bbox]);
    } else {
      rows.push({ bbox: { ...line.bbox }, words: [...line.words] });
    }
  }
  return rows;
}

function rowFor(rows: OcrLine[], box: Box): OcrLine | undefined {
  const cy = (box.y0 + box.y1) / 2;
  let best: OcrLine | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const row of rows) {
    if (cy < row.bbox.y0 || cy > row.bbox.y1) continue;
    const d = Math.abs(cy - (row.bbox.y0 + row.bbox.y1) / 2);
    if (d < bestDistance) {
      bestDistance = d;
      best = row;
    }
  }
  return best;
}

/** Drops the symbols whose centre lies inside a region: the region's reading replaces them. */
function withoutRegions(lines: OcrLine[], regions: MathRegion[]): OcrLine[] {
  if (regions.length === 0) return lines;
  const inside = (b: Box) => {
    const cx = (b.x0 + b.x1) / 2;
    const cy = (b.y0 + b.y1) / 2;
    return regions.some(
      (r) => cx >= r.box.x0 && cx <= r.box.x1 && cy >= r.box.y0 && cy <= r.box.y1,
    );
  };
  return lines.map((line) => ({
    bbox: line.bbox,
    // A word that loses symbols in the middle splits in two: the region's
    // reading goes between the halves ("c√6," → "c", "sqrt(6)", ",").
    words: line.words.flatMap((word) => {
      const runs: OcrSymbol[][] = [[]];
      for (const s of word.symbols) {
        if (inside(s.bbox)) {
          if ((runs[runs.length - 1] ?? []).length > 0) runs.push([]);
        } else {
          runs[runs.length - 1]?.push(s);
        }
      }
      const kept = runs.filter((r) => r.length > 0);
      if (kept.length === 1 && kept[0]?.length === word.symbols.length) return [word];
      return kept.map((symbols) => ({
        ...word,
        text: symbols.map((s) => s.text).join(''),
        bbox: unionBox(symbols.map((s) => s.bbox)),
        symbols,
      }));
    }),
  }));
}

function unionBox(boxes: Box[]): Box {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}
