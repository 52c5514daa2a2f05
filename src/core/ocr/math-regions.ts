import type { Component } from '../image/components';
import { labelComponents } from '../image/components';
import type { BinaryImage, Box } from '../image/types';

/**
 * Two-dimensional math that tesseract reads as one line of text cannot be
 * recovered from its output ("1/x²−1" comes back as "1" on one line and
 * "x2-1" on the next). These regions are found from connected components
 * instead, read on their own, and spliced back into the line as linear text.
 */
export interface FractionRegion {
  kind: 'fraction';
  bar: Box;
  numerator: Box;
  denominator: Box;
  /** Everything the fraction covers: bar, numerator and denominator. */
  box: Box;
  /** Indices of its ink pixels, to erase it before the main read. */
  pixels: Uint32Array;
}

export interface RadicalRegion {
  kind: 'radical';
  /** The radical sign with its overbar. */
  sign: Box;
  /** What is under the overbar. */
  radicand: Box;
  box: Box;
  pixels: Uint32Array;
}

export type MathRegion = FractionRegion | RadicalRegion;

const width = (b: Box) => b.x1 - b.x0;
const height = (b: Box) => b.y1 - b.y0;
const centreX = (b: Box) => (b.x0 + b.x1) / 2;

function union(boxes: Box[]): Box {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

function isBar(c: Component, charHeight: number): boolean {
  const w = width(c);
  const h = height(c);
  return (
    h <= Math.max(3, 0.25 * charHeight) &&
    w >= 0.6 * charHeight &&
    w >= 4 * h &&
    c.area >= 0.6 * w * h
  );
}

/**
 * Components stacked directly above (or below) a bar within its span. Null
 * when something straddles the bar's ends: then the bar is a rule or an
 * underline running through text, not a fraction bar.
 */
function stackedOn(
  bar: Component,
  components: Component[],
  side: 'above' | 'below',
  charHeight: number,
): Component[] | null {
  const gap = 1.0 * charHeight;
  const slack = 0.25 * charHeight;
  const near = components.filter((c) => {
    if (c === bar) return false;
    const overlapsSpan = c.x1 > bar.x0 && c.x0 < bar.x1;
    if (!overlapsSpan) return false;
    return side === 'above'
      ? c.y1 <= bar.y0 + 1 && bar.y0 - c.y1 <= gap
      : c.y0 >= bar.y1 - 1 && c.y0 - bar.y1 <= gap;
  });
  if (near.length === 0) return null;
  if (near.some((c) => c.x0 < bar.x0 - slack || c.x1 > bar.x1 + slack)) return null;
  // Grow upwards (or downwards) through components inside the span that touch
  // the group vertically: exponents in a numerator, the top of a tall letter.
  const group = new Set(near);
  let box = union(near);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of components) {
      if (group.has(c) || c === bar) continue;
      if (centreX(c) < bar.x0 - slack || centreX(c) > bar.x1 + slack) continue;
      const touches =
        side === 'above'
          ? c.y1 >= box.y0 - 0.15 * charHeight && c.y1 <= bar.y0 + 1
          : c.y0 <= box.y1 + 0.15 * charHeight && c.y0 >= bar.y1 - 1;
      if (!touches) continue;
      if (c.x0 < bar.x0 - slack || c.x1 > bar.x1 + slack) return null;
      group.add(c);
      box = union([box, c]);
      grew = true;
    }
  }
  return [...group];
}

/** A fraction found among components, before its pixels are gathered. */
interface FoundFraction {
  bar: Component;
  above: Component[];
  below: Component[];
}

/**
 * Fractions among glyphs (components with the bars taken out) and bars (long
 * thin horizontal strokes): a bar with glyphs stacked on it from above and
 * from below, within its span.
 */
export function findFractions(
  bars: Component[],
  glyphs: Component[],
  charHeight: number,
): FoundFraction[] {
  const out: FoundFraction[] = [];
  const used = new Set<Component>();
  // Widest bars first: in a nested fraction the main bar claims the parts.
  const candidates = bars.filter(
    (b) => width(b) >= 0.6 * charHeight && width(b) <= 15 * charHeight,
  );
  candidates.sort((a, b) => width(b) - width(a));
  const isBarLike = (c: Component) => isBar(c, charHeight);
  for (const bar of candidates) {
    const others = [...glyphs, ...candidates.filter((b) => b !== bar)];
    const above = stackedOn(bar, others, 'above', charHeight);
    const below = stackedOn(bar, others, 'below', charHeight);
    if (!above || !below) continue;
    // An equals sign or a stack of rules is not a fraction.
    if (above.every(isBarLike) || below.every(isBarLike)) continue;
    if ([...above, ...below].some((c) => used.has(c))) continue;
    // Numerator and denominator are centred on the bar and no wider than it.
    const widest = Math.max(width(union(above)), width(union(below)));
    if (widest < 0.4 * width(bar)) continue;
    for (const c of [bar, ...above, ...below]) used.add(c);
    out.push({ bar, above, below });
  }
  return out;
}

/**
 * A radical sign is one component: a tick rising into an overbar. It is
 * recognised by an overbar covering much of its top edge, a lowest point in
 * its left half, and other components sitting under the overbar.
 */
export function findRadicals(
  image: BinaryImage,
  components: Component[],
  labels: Int32Array,
  charHeight: number,
): (Omit<RadicalRegion, 'pixels'> & { labels: number[] })[] {
  const out: (Omit<RadicalRegion, 'pixels'> & { labels: number[] })[] = [];
  for (const c of components) {
    const w = width(c);
    const h = height(c);
    if (h < 0.8 * charHeight || w < 0.8 * charHeight || h > 4 * charHeight) continue;
    const band = Math.max(2, Math.round(0.15 * h));
    // The overbar must run to the right edge, straight and thin.
    let rightHit = false;
    for (let y = c.y0; y < c.y0 + band && !rightHit; y++)
      rightHit = labels[y * image.width + c.x1 - 1] === c.label;
    if (!rightHit) continue;
    const barLeft = overbarLeft(image, labels, c, band);
    const barLength = c.x1 - barLeft;
    if (barLength < Math.max(0.3 * w, 0.5 * charHeight)) continue;
    if (!straightThinBar(image, labels, c, barLeft, charHeight)) continue;
    // The tick's lowest point lies in the left part of the sign.
    let lowestX = -1;
    for (let x = c.x0; x < c.x1 && lowestX < 0; x++) {
      for (let y = c.y1 - Math.max(1, Math.round(0.1 * h)); y < c.y1; y++) {
        if (labels[y * image.width + x] === c.label) {
          lowestX = x;
          break;
        }
      }
    }
    if (lowestX < 0 || lowestX - c.x0 > 0.6 * w) continue;
    const inside = components.filter(
      (o) =>
        o !== c &&
        centreX(o) > barLeft &&
        centreX(o) < c.x1 &&
        o.y0 >= c.y0 + 1 &&
        o.y1 <= c.y1 + 0.15 * charHeight,
    );
    if (inside.length === 0) continue;
    const radicand = union(inside);
    if (width(radicand) < 0.3 * (c.x1 - barLeft)) continue;
    out.push({
      kind: 'radical',
      sign: { x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 },
      radicand,
      box: union([c, radicand]),
      labels: [c.label, ...inside.map((o) => o.label)],
    });
  }
  return out;
}

/** Every column of the overbar has a short vertical run starting near the same row. */
function straightThinBar(
  image: BinaryImage,
  labels: Int32Array,
  c: Component,
  barLeft: number,
  charHeight: number,
): boolean {
  const maxThickness = Math.max(4, 0.2 * charHeight);
  const tops: number[] = [];
  // Skip where the rising stroke meets the bar.
  for (let x = barLeft + Math.ceil(0.25 * (c.x1 - barLeft)); x < c.x1 - 1; x++) {
    let top = -1;
    let thickness = 0;
    for (let y = c.y0; y < c.y1; y++) {
      const own = labels[y * image.width + x] === c.label;
      if (own && top < 0) top = y;
      if (top >= 0) {
        if (!own) break;
        thickness++;
      }
    }
    if (top < 0 || thickness > maxThickness) return false;
    tops.push(top);
  }
  if (tops.length < 3) return false;
  return Math.max(...tops) - Math.min(...tops) <= Math.max(2, 0.08 * charHeight);
}

function overbarLeft(image: BinaryImage, labels: Int32Array, c: Component, band: number): number {
  // Scan leftwards from the right edge along the top band while it stays inked.
  let x = c.x1 - 1;
  let gapRun = 0;
  let left = x;
  while (x >= c.x0) {
    let hit = false;
    for (let y = c.y0; y < c.y0 + band && !hit; y++) hit = labels[y * image.width + x] === c.label;
    if (hit) {
      left = x;
      gapRun = 0;
    } else if (++gapRun > 2) break;
    x--;
  }
  return left;
}

export interface MathLayout {
  regions: MathRegion[];
}

/** A bar with the pixels that make it, and the glyphs that touched it. */
interface BarPart extends Component {
  pixels: number[];
}

/**
 * A fraction bar is usually a component of its own, but in small type the
 * digits of an exponent touch it ("2²" right under the bar). A component made
 * of one thin, full-width band of rows plus a little ink outside it (less than
 * one and a half times the band) is split: the band is the bar, the rest are glyphs. Letters
 * joined by a serif line fail the "little ink outside" test (their bodies
 * outweigh the band several times) and stay whole.
 */
function splitBar(
  c: Component,
  labels: Int32Array,
  imageWidth: number,
  charHeight: number,
): { bar: BarPart; attached: BarPart[] } | null {
  const w = width(c);
  const bandRows: number[] = [];
  for (let y = c.y0; y < c.y1; y++) {
    let run = 0;
    let best = 0;
    for (let x = c.x0; x < c.x1; x++) {
      run = labels[y * imageWidth + x] === c.label ? run + 1 : 0;
      if (run > best) best = run;
    }
    if (best >= 0.85 * w) bandRows.push(y);
  }
  if (bandRows.length === 0) return null;
  const top = Math.min(...bandRows);
  const bottom = Math.max(...bandRows) + 1;
  if (bottom - top !== bandRows.length || bottom - top > Math.max(3, 0.25 * charHeight))
    return null;
  const barPixels: number[] = [];
  const rest: number[] = [];
  for (let y = c.y0; y < c.y1; y++) {
    for (let x = c.x0; x < c.x1; x++) {
      const i = y * imageWidth + x;
      if (labels[i] !== c.label) continue;
      (y >= top && y < bottom ? barPixels : rest).push(i);
    }
  }
  if (rest.length > 1.5 * barPixels.length) return null;
  // The attached ink, grouped into its own components.
  const bw = c.x1 - c.x0;
  const bh = c.y1 - c.y0;
  const local = new Uint8Array(bw * bh);
  for (const i of rest)
    local[(Math.floor(i / imageWidth) - c.y0) * bw + ((i % imageWidth) - c.x0)] = 1;
  const parts = labelComponents({ width: bw, height: bh, data: local });
  const attached: BarPart[] = parts.components.map((p) => ({
    x0: p.x0 + c.x0,
    y0: p.y0 + c.y0,
    x1: p.x1 + c.x0,
    y1: p.y1 + c.y0,
    area: p.area,
    label: -1,
    pixels: rest.filter(
      (i) =>
        parts.labels[(Math.floor(i / imageWidth) - c.y0) * bw + ((i % imageWidth) - c.x0)] ===
        p.label,
    ),
  }));
  // Exponent digits are small; a stroke that is as tall as a letter (the stem
  // of a T) belongs to that letter.
  if (attached.some((p) => height(p) > 0.9 * charHeight)) return null;
  // Ink touching the band from above and below at the same place crosses it:
  // a plus sign, not a bar with digits hanging from it.
  const above = attached.filter((p) => p.y1 <= top + 1);
  const below = attached.filter((p) => p.y0 >= bottom - 1);
  if (above.some((a) => below.some((b) => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0)))
    return null;
  const bar: BarPart = {
    x0: c.x0,
    y0: top,
    x1: c.x1,
    y1: bottom,
    area: barPixels.length,
    label: -1,
    pixels: barPixels,
  };
  return { bar, attached };
}

function pixelsOf(labels: Int32Array, label: number, box: Box, imageWidth: number): number[] {
  const out: number[] = [];
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = y * imageWidth + x;
      if (labels[i] === label) out.push(i);
    }
  }
  return out;
}

export function findMathRegions(image: BinaryImage, charHeight: number): MathLayout {
  const full = labelComponents(image);
  const pixels = new Map<Component, () => number[]>();
  const bars: Component[] = [];
  const glyphs: Component[] = [];
  for (const c of full.components) {
    const own = () => pixelsOf(full.labels, c.label, c, image.width);
    const wide = width(c) >= 0.6 * charHeight && width(c) <= 15 * charHeight;
    if (wide && isBar(c, charHeight)) {
      bars.push(c);
      pixels.set(c, own);
      continue;
    }
    const split =
      wide && height(c) <= 2.5 * charHeight
        ? splitBar(c, full.labels, image.width, charHeight)
        : null;
    if (split) {
      bars.push(split.bar);
      pixels.set(split.bar, () => split.bar.pixels);
      for (const part of split.attached) {
        glyphs.push(part);
        pixels.set(part, () => part.pixels);
      }
    } else {
      glyphs.push(c);
      pixels.set(c, own);
    }
  }
  const fractions: FractionRegion[] = findFractions(bars, glyphs, charHeight).map((f) => {
    const numerator = union(f.above);
    const denominator = union(f.below);
    const all = [f.bar, ...f.above, ...f.below];
    return {
      kind: 'fraction',
      bar: boxOf(f.bar),
      numerator,
      denominator,
      box: union([f.bar, numerator, denominator]),
      pixels: Uint32Array.from(all.flatMap((c) => pixels.get(c)?.() ?? [])),
    };
  });
  // Radicals: whole components, away from the fractions (a root inside a
  // fraction is read with the fraction).
  const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const free = full.components.filter((c) => !fractions.some((f) => overlaps(f.box, c)));
  const radicals: RadicalRegion[] = findRadicals(image, free, full.labels, charHeight).map((r) => ({
    ...r,
    pixels: Uint32Array.from(
      r.labels.flatMap((label) => pixelsOf(full.labels, label, r.box, image.width)),
    ),
  }));
  return { regions: [...fractions, ...radicals] };
}

function boxOf(c: Box): Box {
  return { x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 };
}

/** A copy of the image without the regions' ink. */
export function eraseRegions(image: BinaryImage, regions: MathRegion[]): BinaryImage {
  const out = new Uint8Array(image.data);
  for (const region of regions) for (const i of region.pixels) out[i] = 0;
  return { width: image.width, height: image.height, data: out };
}
