import type { RgbaImage } from './types';

/** A pen stroke as a polyline in pixel coordinates, with one width for the whole stroke. */
export interface PenStroke {
  points: [number, number][];
  width: number;
  /** An eraser stroke paints white. */
  erase?: boolean;
}

/**
 * Draws round-capped strokes, black on white, into a new RGBA image: what a
 * sketch pad produces, without a canvas. Tests use it to feed the OCR
 * pipeline the kind of picture a student draws.
 */
export function rasterizeStrokes(strokes: PenStroke[], width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (const { points, width: w, erase } of strokes) {
    const ink = erase ? 255 : 17;
    const r = w / 2;
    for (let i = 0; i < points.length; i++) {
      const a = points[i];
      const b = points[i + 1] ?? a;
      if (!a || !b) continue;
      const [ax, ay] = a;
      const [bx, by] = b;
      const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - r));
      const x1 = Math.min(width - 1, Math.ceil(Math.max(ax, bx) + r));
      const y0 = Math.max(0, Math.floor(Math.min(ay, by) - r));
      const y1 = Math.min(height - 1, Math.ceil(Math.max(ay, by) + r));
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          // Distance from the pixel centre to the segment.
          const t =
            len2 === 0
              ? 0
              : Math.max(0, Math.min(1, ((x + 0.5 - ax) * dx + (y + 0.5 - ay) * dy) / len2));
          const px = ax + t * dx - (x + 0.5);
          const py = ay + t * dy - (y + 0.5);
          if (px * px + py * py <= r * r) {
            const p = (y * width + x) * 4;
            data[p] = ink;
            data[p + 1] = ink;
            data[p + 2] = ink;
          }
        }
      }
    }
  }
  return { width, height, data };
}
