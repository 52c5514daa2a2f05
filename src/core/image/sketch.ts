/**
 * The sketch pad knows its strokes, so the picture the recogniser reads is
 * drawn from them, not taken from the screen: scaled so that a line of
 * writing is as tall as the recogniser reads best, with one even pen width
 * (a thin stylus line and a fat finger line read alike), on white, with a
 * margin, whatever the screen's size and pixel ratio.
 */
import { type PenStroke, rasterizeStrokes } from './strokes';
import type { RgbaImage } from './types';

export interface SketchRenderOptions {
  /** Height of one line of writing in the picture, pixels. */
  lineHeight: number;
  /** Pen width as a fraction of the line height. */
  pen: number;
}

export const SKETCH_RENDER: SketchRenderOptions = { lineHeight: 48, pen: 0.12 };

interface Band {
  y0: number;
  y1: number;
}

/** Lines of writing: strokes grouped where their vertical extents overlap. */
function lineBands(strokes: PenStroke[]): Band[] {
  const spans = strokes
    .filter((s) => !s.erase && s.points.length > 0)
    .map((s) => ({
      y0: Math.min(...s.points.map((p) => p[1])),
      y1: Math.max(...s.points.map((p) => p[1])),
    }))
    .sort((a, b) => a.y0 - b.y0);
  const bands: Band[] = [];
  for (const span of spans) {
    const last = bands.at(-1);
    // A stroke that overlaps the band by half its own height belongs to it (a "+" inside a line).
    if (last && span.y0 < last.y1 - 0.25 * Math.min(span.y1 - span.y0, last.y1 - last.y0))
      last.y1 = Math.max(last.y1, span.y1);
    else bands.push({ ...span });
  }
  return bands;
}

export function renderSketch(
  strokes: PenStroke[],
  options: SketchRenderOptions = SKETCH_RENDER,
): RgbaImage | null {
  const ink = strokes.filter((s) => !s.erase && s.points.length > 0);
  if (ink.length === 0) return null;
  const bands = lineBands(strokes);
  const heights = bands.map((b) => Math.max(1, b.y1 - b.y0)).sort((a, b) => a - b);
  const median = heights[heights.length >> 1] ?? 1;
  const scale = options.lineHeight / median;
  const all = ink.flatMap((s) => s.points);
  const x0 = Math.min(...all.map((p) => p[0]));
  const y0 = Math.min(...all.map((p) => p[1]));
  const x1 = Math.max(...all.map((p) => p[0]));
  const y1 = Math.max(...all.map((p) => p[1]));
  const margin = options.lineHeight;
  const pen = Math.max(1.5, options.pen * options.lineHeight);
  const width = Math.min(4000, Math.ceil((x1 - x0) * scale + 2 * margin));
  const height = Math.min(4000, Math.ceil((y1 - y0) * scale + 2 * margin));
  const placed = strokes.map((s) => ({
    points: s.points.map(([x, y]): [number, number] => [
      (x - x0) * scale + margin,
      (y - y0) * scale + margin,
    ]),
    // The eraser keeps its size relative to the writing, the pen gets one even width.
    width: s.erase ? s.width * scale : pen,
    ...(s.erase ? { erase: true } : {}),
  }));
  return rasterizeStrokes(placed, width, height);
}
