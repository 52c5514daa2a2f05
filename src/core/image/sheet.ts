import { resizeGray } from './resize';
import type { BinaryImage, GrayImage } from './types';

/**
 * Finding the sheet of paper in a phone photo, so that its edge against the
 * table (a long dark step that binarisation turns into ragged lines) and the
 * table's grain are never read as ink.
 *
 * A sheet is a convex quadrilateral (a projective view of a rectangle), so it
 * is the intersection of the four half-planes inside its edges, and each edge
 * can be looked for on its own, from its side of the picture. The search runs
 * on a coarse copy (a few hundred pixels a side, each the average of a block):
 * text shrinks to grey smudges and grain averages out. Going inward along each
 * row or column from the picture's border, the sheet's edge is the strongest
 * rise from dark to bright in the outer part, with nothing but darker table
 * before it. Where enough of those rises lie on one straight line, that line is
 * an edge of the sheet, and everything beyond it (and a thin band inside it,
 * the edge's own blur) is dropped.
 *
 * All comparisons are within one row or column, across a few pixels, so a
 * lamp's fall-off or a shadow along the side does not matter. A scan, a
 * screenshot or a sketch has paper at its border: before any rise there is
 * bright paper, so no edge is found and nothing changes; the same holds for
 * each side of a photo that the page fills.
 */
export interface SheetOptions {
  /** Long side of the coarse picture, pixels. */
  side: number;
  /** How far in from each border an edge is looked for, as a share of the picture's size across it. */
  depth: number;
  /** How much brighter the paper just inside the edge must be than all the table outside it, grey levels. */
  contrast: number;
  /** Share of a side's rows or columns whose rise must lie on the edge line. */
  support: number;
  /** How far (coarse pixels) a rise may lie from the line and still count for it. */
  tolerance: number;
  /** Width of the band inside each edge that is dropped too, coarse pixels. */
  margin: number;
  /** Share of a side along which everything outside its edge line must be dark. */
  cover: number;
}

export const DEFAULT_SHEET: SheetOptions = {
  side: 256,
  depth: 0.45,
  contrast: 24,
  support: 0.3,
  tolerance: 1.5,
  margin: 2,
  cover: 0.6,
};

/** Least depth of table (coarse pixels, ~1.2% of the long side) for an edge to count. */
const MIN_DEPTH = 3;
/** Columns on each side of a rise that must be dark outside it too. */
const LATERAL = 3;

/** A straight edge in coarse coordinates: at position t along its side, the edge is `at + slope·t` deep. */
interface Edge {
  side: 'top' | 'bottom' | 'left' | 'right';
  at: number;
  slope: number;
}

/** Where to read: 1 on the sheet, 0 beyond its edges; null when no edge was found. */
export function findSheet(
  gray: GrayImage,
  options: Partial<SheetOptions> = {},
): BinaryImage | null {
  const o = { ...DEFAULT_SHEET, ...options };
  const factor = Math.max(1, Math.max(gray.width, gray.height) / o.side);
  const cw = Math.round(gray.width / factor);
  const ch = Math.round(gray.height / factor);
  if (Math.min(cw, ch) < 16) return null;
  const coarse = resizeGray(gray, cw, ch);
  const edges = (['top', 'bottom', 'left', 'right'] as const)
    .map((side) => findEdge(coarse, side, o))
    .filter((e): e is Edge => e !== null);
  if (edges.length === 0) return null;

  // Each edge as a half-plane in full-resolution pixels, moved inward by the margin.
  const sx = cw / gray.width;
  const sy = ch / gray.height;
  const mask: BinaryImage = {
    width: gray.width,
    height: gray.height,
    data: new Uint8Array(gray.width * gray.height),
  };
  let kept = 0;
  for (let y = 0; y < gray.height; y++) {
    const cy = (y + 0.5) * sy;
    for (let x = 0; x < gray.width; x++) {
      const cx = (x + 0.5) * sx;
      let inside = true;
      for (const e of edges) {
        if (depthOf(e, cx, cy, cw, ch) < e.at + e.slope * along(e, cx, cy) + o.margin) {
          inside = false;
          break;
        }
      }
      if (inside) {
        mask.data[y * gray.width + x] = 1;
        kept++;
      }
    }
  }
  // A "sheet" that small is a misreading of the picture: better read it all.
  return kept < 0.25 * mask.data.length ? null : mask;
}

function along(e: Edge, cx: number, cy: number): number {
  return e.side === 'top' || e.side === 'bottom' ? cx : cy;
}

function depthOf(e: Edge, cx: number, cy: number, cw: number, ch: number): number {
  if (e.side === 'top') return cy;
  if (e.side === 'bottom') return ch - cy;
  if (e.side === 'left') return cx;
  return cw - cx;
}

/**
 * The edge on one side: in each row or column, the strongest dark-to-bright
 * rise within `depth` whose outside is all darker than the paper beyond it;
 * then the straight line through most of those rises.
 */
function findEdge(image: GrayImage, side: Edge['side'], o: SheetOptions): Edge | null {
  const { width: w, height: h, data } = image;
  const horizontal = side === 'top' || side === 'bottom';
  const length = horizontal ? w : h;
  const across = horizontal ? h : w;
  const value = (t: number, d: number): number => {
    const x = horizontal ? t : side === 'left' ? d : w - 1 - d;
    const y = horizontal ? (side === 'top' ? d : h - 1 - d) : t;
    return data[y * w + x] ?? 0;
  };
  const limit = Math.max(3, Math.floor(across * o.depth));
  // Darkest-to-brightest test of a block of the outside: columns t0..t1, depths 0..d1.
  const brightestIn = (t0: number, t1: number, d1: number): number => {
    let m = 0;
    for (let t = Math.max(0, t0); t <= Math.min(length - 1, t1); t++)
      for (let d = 0; d <= d1; d++) m = Math.max(m, value(t, d));
    return m;
  };
  const points: [number, number][] = [];
  for (let t = 0; t < length; t++) {
    let best = -1;
    let bestRise = 0;
    let brightest = 0;
    for (let d = 1; d + 2 < limit; d++) {
      brightest = Math.max(brightest, value(t, d - 1));
      // Across two pixels: an edge that falls inside a coarse pixel is split between two steps.
      const rise = value(t, d + 1) - value(t, d - 1);
      const paper = value(t, d + 2);
      if (rise > bestRise && rise >= o.contrast && brightest <= paper - o.contrast) {
        bestRise = rise;
        best = d;
      }
    }
    // A table is a surface: its neighbouring columns are dark too, which the
    // strokes of a letter cut by the frame of a screenshot are not; and it is
    // a few pixels deep, where a line of text touching the frame is not.
    if (best < MIN_DEPTH) continue;
    const paper = value(t, best + 2);
    if (brightestIn(t - LATERAL, t + LATERAL, best - 2) > paper - o.contrast) continue;
    points.push([t + 0.5, best + 0.5]);
  }
  if (points.length < Math.max(8, o.support * length)) return null;
  const line = fitLine(points, o.tolerance);
  if (!line || line.inliers < Math.max(8, o.support * length)) return null;
  // A line too steep for a side is not an edge of the sheet (that would be a turn of 25°+).
  if (Math.abs(line.slope) > 0.47) return null;
  // Outside the line it is dark all along the side, beyond the sheet's corners
  // too (table there from border to border), where the text of a page cut by
  // the frame leaves word spaces and line ends of bright paper.
  const papers: number[] = [];
  for (const [t, d] of points)
    if (Math.abs(d - line.at - line.slope * t) <= o.tolerance)
      papers.push(value(Math.floor(t), Math.floor(d) + 2));
  papers.sort((a, b) => a - b);
  const paperLevel = papers[papers.length >> 1] ?? 255;
  let dark = 0;
  for (let t = 0; t < length; t++) {
    const reach = Math.floor(line.at + line.slope * (t + 0.5)) - 2;
    if (reach >= 0 && brightestIn(t, t, Math.min(reach, across - 1)) <= paperLevel - o.contrast)
      dark++;
  }
  if (dark < o.cover * length) return null;
  return { side, at: line.at, slope: line.slope };
}

/**
 * The line through the most points within `tolerance` (pairs of points spread
 * across the side are tried, at most 40 × 40 of them), refitted by least
 * squares on its inliers. Points come in order of t.
 */
function fitLine(
  points: [number, number][],
  tolerance: number,
): { at: number; slope: number; inliers: number } | null {
  let best: { at: number; slope: number; inliers: number } | null = null;
  const step = Math.max(1, Math.floor(points.length / 40));
  // Pairs a quarter of the points' span apart or more: a short baseline tilts freely.
  const span = (points[points.length - 1]?.[0] ?? 0) - (points[0]?.[0] ?? 0);
  for (let i = 0; i < points.length; i += step) {
    for (let j = i + step; j < points.length; j += step) {
      const [t1, d1] = points[i] ?? [0, 0];
      const [t2, d2] = points[j] ?? [0, 0];
      if (t2 - t1 < span / 4) continue;
      const slope = (d2 - d1) / (t2 - t1);
      const at = d1 - slope * t1;
      let inliers = 0;
      for (const [t, d] of points) if (Math.abs(d - at - slope * t) <= tolerance) inliers++;
      if (!best || inliers > best.inliers) best = { at, slope, inliers };
    }
  }
  if (!best) return null;
  // Least squares on the inliers.
  let n = 0;
  let st = 0;
  let sd = 0;
  let stt = 0;
  let std = 0;
  for (const [t, d] of points) {
    if (Math.abs(d - best.at - best.slope * t) > tolerance) continue;
    n++;
    st += t;
    sd += d;
    stt += t * t;
    std += t * d;
  }
  const det = n * stt - st * st;
  if (det <= 0) return best;
  const slope = (n * std - st * sd) / det;
  return { at: (sd - slope * st) / n, slope, inliers: best.inliers };
}
