/**
 * Ruled and squared paper: students write on the lines, so letters touch
 * them, and a letter joined to a line is one component with it: too big to
 * be a letter, it is dropped whole, or read as a row of garbage. Runs of
 * ink far longer than any letter, along a row or a column, are those lines;
 * removing just those pixels frees the letters (at worst with a one-pixel
 * gap where they crossed the line).
 */
import type { BinaryImage } from './types';

export function removeRules(ink: BinaryImage, minLength: number): BinaryImage {
  const { width, height, data } = ink;
  const out = new Uint8Array(data);
  const clear = (start: number, step: number, count: number) => {
    for (let k = 0; k < count; k++) out[start + k * step] = 0;
  };
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      if (x < width && data[y * width + x]) run++;
      else {
        if (run >= minLength) clear(y * width + x - run, 1, run);
        run = 0;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    let run = 0;
    for (let y = 0; y <= height; y++) {
      if (y < height && data[y * width + x]) run++;
      else {
        if (run >= minLength) clear((y - run) * width + x, width, run);
        run = 0;
      }
    }
  }
  return { width, height, data: out };
}
