/**
 * Synthetic sketch-pad drawings from the Hershey vector fonts (Debian's
 * hershey-fonts-data): single-stroke glyphs, as a pen draws them, each glyph
 * slanted, turned, scaled and wobbled a little by the seeded generator, so
 * no two "hands" are alike. The result is a list of strokes in CSS pixels,
 * what the sketch pad records.
 */
import { readFileSync } from 'node:fs';
import type { Random } from './problems';

export interface SketchStroke {
  points: [number, number][];
  width: number;
}

export interface Sketch {
  width: number;
  height: number;
  strokes: SketchStroke[];
}

interface Glyph {
  left: number;
  right: number;
  strokes: [number, number][][];
}

const R = 'R'.charCodeAt(0);

/** Parses a .jhf file: glyphs for ASCII 32–127 in order, coordinates as letters around 'R'. */
export function readHershey(file: string): Map<string, Glyph> {
  const glyphs = new Map<string, Glyph>();
  const lines = readFileSync(file, 'latin1').split('\n');
  let code = 32;
  let i = 0;
  while (i < lines.length) {
    let line = lines[i++] ?? '';
    if (!line.trim()) continue;
    const count = Number(line.slice(5, 8));
    // Long glyphs wrap onto further lines; the vertex count says how many.
    while (line.length - 8 < count * 2 && i < lines.length) line += lines[i++] ?? '';
    const body = line.slice(8);
    const left = body.charCodeAt(0) - R;
    const right = body.charCodeAt(1) - R;
    const strokes: [number, number][][] = [[]];
    for (let p = 2; p + 1 < body.length; p += 2) {
      if (body[p] === ' ' && body[p + 1] === 'R') {
        strokes.push([]);
        continue;
      }
      strokes.at(-1)?.push([body.charCodeAt(p) - R, body.charCodeAt(p + 1) - R]);
    }
    glyphs.set(String.fromCharCode(code++), {
      left,
      right,
      strokes: strokes.filter((s) => s.length > 0),
    });
  }
  return glyphs;
}

/**
 * Draws `text` as a hand would on a pad of `width`×`height` CSS pixels:
 * characters `size` pixels tall, with a pen `pen` pixels wide.
 */
export function sketchText(
  font: Map<string, Glyph>,
  text: string,
  rand: Random,
  options: { width: number; height: number; size: number; pen: number },
): Sketch {
  // Hershey capitals span about 21 units (-12 … 9).
  const unit = options.size / 21;
  const strokes: SketchStroke[] = [];
  let x = 40 + rand() * 30;
  const baseline = options.height / 2 + options.size * 0.45;
  const slant = (rand() * 2 - 1) * 0.18;
  for (const ch of text) {
    const glyph = font.get(ch);
    if (!glyph) continue;
    const scale = unit * (0.85 + 0.3 * rand());
    const turn = ((rand() * 2 - 1) * 5 * Math.PI) / 180;
    const lift = (rand() * 2 - 1) * 0.06 * options.size;
    const phase = rand() * Math.PI * 2;
    const wobble = 0.02 * options.size * rand();
    const origin = x - glyph.left * scale;
    for (const stroke of glyph.strokes) {
      const points = stroke.map(([gx, gy], k): [number, number] => {
        // Glyph coordinates: y grows downwards, baseline at 9.
        const dx = gx * scale;
        const dy = (gy - 9) * scale;
        const rx = dx * Math.cos(turn) - dy * Math.sin(turn) - slant * dy;
        const ry = dx * Math.sin(turn) + dy * Math.cos(turn);
        const w = wobble * Math.sin(phase + k * 0.9);
        return [origin + rx + w, baseline + lift + ry + w];
      });
      strokes.push({ points, width: options.pen });
    }
    x += (glyph.right - glyph.left) * scale * (1 + 0.25 * rand()) + 0.12 * options.size * rand();
  }
  return { width: options.width, height: options.height, strokes };
}
