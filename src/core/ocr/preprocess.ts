import { filterComponents, labelComponents } from '../image/components';
import { cropBinary, cropGray, inkBounds, padBinary, padBox, padGray } from '../image/crop';
import { noiseLevel, smooth } from '../image/denoise';
import { estimateSkew, rotateGray } from '../image/deskew';
import { normalizePolarity, toGray } from '../image/grayscale';
import { localMean } from '../image/local-mean';
import { dilate, estimateStrokeWidth } from '../image/morphology';
import { stretchContrast } from '../image/normalize';
import { fitWithin, resizeGray } from '../image/resize';
import { removeRules } from '../image/rules';
import { findSheet, type SheetOptions } from '../image/sheet';
import { estimateTextHeight } from '../image/text-size';
import { sauvola } from '../image/threshold';
import type { BinaryImage, Box, GrayImage, RgbaImage } from '../image/types';
import { binaryToGray } from '../image/types';

export interface PreprocessOptions {
  normalize: boolean;
  /** Rescale so that the median character is about `targetHeight` pixels tall. */
  rescale: boolean;
  targetHeight: number;
  binarize: boolean;
  sauvolaK: number;
  /** Sauvola window in character heights. */
  windowChars: number;
  clean: boolean;
  /** Drop marks fainter than this fraction of the typical ink contrast (ruled lines, show-through). 0 keeps all. */
  faintFraction: number;
  deskew: boolean;
  crop: boolean;
  /** Largest working side: bigger photos are downscaled first. */
  maxSide: number;
  /**
   * Thicken strokes thinner than this fraction of the character height (a
   * fine pen, a sketch drawn small then scaled down). 0 leaves strokes as they are.
   */
  minStroke: number;
  /** Smooth a picture whose pixel noise (noiseLevel, gray levels) is above this; 0 never does. */
  denoiseAbove: number;
  /** Box-blur radius for a noisy picture, pixels of the working image. */
  denoiseRadius: number;
  /** Remove straight runs of ink longer than this many character heights (ruled and squared paper); 0 keeps them. */
  ruleLength: number;
  /**
   * In a photo of a sheet on a table, read only the sheet (src/core/image/sheet.ts):
   * its edge and the table are masked out of every binarisation. false reads the whole picture.
   */
  sheet: Partial<SheetOptions> | false;
}

export const DEFAULT_PREPROCESS: PreprocessOptions = {
  normalize: true,
  rescale: true,
  targetHeight: 32,
  binarize: true,
  sauvolaK: 0.3,
  windowChars: 3,
  clean: true,
  faintFraction: 0.45,
  deskew: true,
  crop: true,
  maxSide: 2400,
  minStroke: 0.13,
  denoiseAbove: 0,
  denoiseRadius: 1,
  ruleLength: 0,
  sheet: {},
};

export interface Preprocessed {
  /** What tesseract reads. */
  image: GrayImage;
  /** The ink of `image` (same size), for layout analysis. */
  ink: BinaryImage;
  /** Typical character height in `image`, pixels. */
  charHeight: number;
  /** Median character height before rescaling, when found. */
  textHeight: number | null;
  scale: number;
  skewRadians: number;
  inverted: boolean;
  /** True when no ink was found at all. */
  blank: boolean;
  /** The picture was noisy enough to be smoothed (see denoiseAbove). */
  noisy: boolean;
  /** A sheet was found against a background, which was masked out. */
  sheet: boolean;
  /** How `image` was made from the photo: maps boxes back onto it (toSourceBox). */
  geometry: Geometry;
}

/**
 * The geometric steps from the decoded photo to the working image: one
 * scale, a rotation about the centre, a crop with a margin.
 */
export interface Geometry {
  source: { width: number; height: number };
  scale: number;
  radians: number;
  /** Sizes before and after the rotation (the rotated image is larger). */
  rotatedFrom: { width: number; height: number };
  rotatedTo: { width: number; height: number };
  /** Top-left of the crop in the rotated image, and the margin added around it. */
  crop: { x0: number; y0: number; margin: number } | null;
}

/** A box of the working image as a box of the decoded photo (the bounds of its four corners). */
export function toSourceBox(box: Box, g: Geometry): Box {
  const cos = Math.cos(g.radians);
  const sin = Math.sin(g.radians);
  const corners = [
    [box.x0, box.y0],
    [box.x1, box.y0],
    [box.x1, box.y1],
    [box.x0, box.y1],
  ].map(([x = 0, y = 0]) => {
    let px = x;
    let py = y;
    if (g.crop) {
      px += g.crop.x0 - g.crop.margin;
      py += g.crop.y0 - g.crop.margin;
    }
    // rotateGray samples the source at R(θ)·(p − centreOut) + centreIn.
    const dx = px - g.rotatedTo.width / 2;
    const dy = py - g.rotatedTo.height / 2;
    const rx = cos * dx - sin * dy + g.rotatedFrom.width / 2;
    const ry = sin * dx + cos * dy + g.rotatedFrom.height / 2;
    return [rx / g.scale, ry / g.scale] as const;
  });
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const clampX = (v: number) => Math.min(g.source.width, Math.max(0, v));
  const clampY = (v: number) => Math.min(g.source.height, Math.max(0, v));
  return {
    x0: clampX(Math.floor(Math.min(...xs))),
    y0: clampY(Math.floor(Math.min(...ys))),
    x1: clampX(Math.ceil(Math.max(...xs))),
    y1: clampY(Math.ceil(Math.max(...ys))),
  };
}

/**
 * From a decoded photo to a clean, level, black-on-white image of the text.
 * Every step is optional so the benchmark can measure what each one does.
 */
export function preprocess(
  rgba: RgbaImage,
  options: Partial<PreprocessOptions> = {},
): Preprocessed {
  const o = { ...DEFAULT_PREPROCESS, ...options };
  let gray = toGray(rgba);
  const polarity = normalizePolarity(gray);
  gray = polarity.image;
  let scale = 1;
  const fit = fitWithin(gray.width, gray.height, o.maxSide);
  if (fit.scale < 1) {
    gray = resizeGray(gray, fit.width, fit.height);
    scale = fit.scale;
  }
  if (o.normalize) gray = stretchContrast(gray);
  const noise = noiseLevel(gray);
  const noisy = o.denoiseAbove > 0 && noise > o.denoiseAbove;
  if (noisy) gray = smooth(gray, o.denoiseRadius);

  // Where to read, as a grey image (255 = the sheet) that follows every resize and rotation.
  let sheet = o.sheet ? sheetMask(gray, o.sheet) : null;

  const firstWindow = clampOdd(Math.max(gray.width, gray.height) / 25, 15, 101);
  let ink = onSheet(sauvola(gray, { window: firstWindow, k: o.sauvolaK }), sheet);
  const textHeight = estimateTextHeight(ink);
  if (o.rescale && textHeight) {
    const factor = clamp(o.targetHeight / textHeight, 0.35, 4);
    if (Math.abs(factor - 1) > 0.15) {
      const fit2 = fitWithin(
        Math.round(gray.width * factor),
        Math.round(gray.height * factor),
        Math.max(o.maxSide, 4000),
      );
      scale *= fit2.width / gray.width;
      gray = resizeGray(gray, fit2.width, fit2.height);
      if (sheet) sheet = resizeGray(sheet, fit2.width, fit2.height);
    }
  }
  const charHeight = o.rescale && textHeight ? o.targetHeight : (textHeight ?? o.targetHeight);
  const window = clampOdd(charHeight * o.windowChars, 15, 201);
  const threshold = (image: GrayImage) => {
    let out = onSheet(sauvola(image, { window, k: o.sauvolaK }), sheet);
    if (o.ruleLength > 0) out = removeRules(out, o.ruleLength * charHeight);
    if (o.clean) out = cleanInk(out, charHeight);
    if (o.faintFraction > 0) out = dropFaintMarks(out, image, window, o.faintFraction);
    return out;
  };
  ink = threshold(gray);

  let skewRadians = 0;
  const rotatedFrom = { width: gray.width, height: gray.height };
  if (o.deskew) {
    skewRadians = estimateSkew(ink);
    if (Math.abs(skewRadians) > (0.2 * Math.PI) / 180) {
      gray = rotateGray(gray, skewRadians);
      if (sheet) sheet = rotateGray(sheet, skewRadians, 0);
      ink = threshold(gray);
    } else {
      skewRadians = 0;
    }
  }

  if (o.minStroke > 0 && o.binarize) ink = thickenThinStrokes(ink, charHeight, o.minStroke);

  let out: GrayImage = o.binarize ? binaryToGray(ink) : gray;
  const bounds = inkBounds(ink);
  const geometry: Geometry = {
    source: { width: rgba.width, height: rgba.height },
    scale,
    radians: skewRadians,
    rotatedFrom,
    rotatedTo: { width: gray.width, height: gray.height },
    crop: null,
  };
  const result = {
    textHeight,
    scale,
    skewRadians,
    inverted: polarity.inverted,
    charHeight,
    noisy,
    sheet: sheet !== null,
  };
  if (!bounds) return { ...result, image: out, ink, blank: true, geometry };
  if (o.crop) {
    const box = padBox(bounds, charHeight * 0.5, out.width, out.height);
    const margin = Math.round(charHeight * 0.5);
    out = padGray(cropGray(out, box), margin);
    ink = padBinary(cropBinary(ink, box), margin);
    geometry.crop = { x0: box.x0, y0: box.y0, margin };
  }
  return { ...result, image: out, ink, blank: false, geometry };
}

function sheetMask(gray: GrayImage, options: Partial<SheetOptions>): GrayImage | null {
  const mask = findSheet(gray, options);
  if (!mask) return null;
  const data = new Uint8ClampedArray(mask.data.length);
  for (let i = 0; i < data.length; i++) data[i] = mask.data[i] ? 255 : 0;
  return { width: mask.width, height: mask.height, data };
}

/** Ink off the sheet (see sheetMask) is the table or the sheet's edge: dropped. */
function onSheet(ink: BinaryImage, sheet: GrayImage | null): BinaryImage {
  if (!sheet) return ink;
  for (let i = 0; i < ink.data.length; i++) if ((sheet.data[i] ?? 0) < 128) ink.data[i] = 0;
  return ink;
}

/**
 * Tesseract reads strokes about a tenth of the letter height wide; hairlines
 * (a fine pen, a sketch scaled down) break up in its binarisation. Grows the
 * ink to that width when the median stroke is much thinner.
 */
export function thickenThinStrokes(
  ink: BinaryImage,
  charHeight: number,
  minStroke: number,
): BinaryImage {
  const stroke = estimateStrokeWidth(ink);
  if (stroke === null) return ink;
  const wanted = minStroke * charHeight;
  if (stroke >= 0.75 * wanted) return ink;
  return dilate(ink, Math.max(1, Math.round((wanted - stroke) / 2)));
}

/**
 * Drops what is not text: specks of noise, blobs far taller than a line
 * (shadows, page edges, photos) and rules far longer than any word.
 */
export function cleanInk(ink: BinaryImage, charHeight: number): BinaryImage {
  const labelling = labelComponents(ink);
  return filterComponents(ink, labelling, (c) => {
    const w = c.x1 - c.x0;
    const h = c.y1 - c.y0;
    if (
      c.area < Math.max(3, (charHeight * 0.06) ** 2) &&
      w < charHeight * 0.15 &&
      h < charHeight * 0.15
    )
      return false;
    if (h > charHeight * 5) return false;
    if (w > charHeight * 25 && h < charHeight * 0.6) return false;
    return true;
  });
}

/**
 * Drops components whose contrast against the local background is well below
 * that of the typical mark: light-blue ruled lines and grid paper, pencil
 * guide lines, show-through from the back of the page. Relative, so it works
 * for pale pencil and black marker alike.
 */
export function dropFaintMarks(
  ink: BinaryImage,
  gray: GrayImage,
  window: number,
  fraction: number,
): BinaryImage {
  const mean = localMean(gray, window);
  const labelling = labelComponents(ink);
  const n = labelling.components.length;
  if (n < 3) return ink;
  const sums = new Float64Array(n + 1);
  for (let i = 0; i < ink.data.length; i++) {
    const label = labelling.labels[i] ?? 0;
    if (label) sums[label] = (sums[label] ?? 0) + ((mean[i] ?? 0) - (gray.data[i] ?? 0));
  }
  const contrast = new Float64Array(n + 1);
  const weighted: { c: number; area: number }[] = [];
  for (const c of labelling.components) {
    contrast[c.label] = (sums[c.label] ?? 0) / c.area;
    weighted.push({ c: contrast[c.label] ?? 0, area: c.area });
  }
  // Area-weighted median: the contrast of the bulk of the ink.
  weighted.sort((a, b) => a.c - b.c);
  const total = weighted.reduce((s, w) => s + w.area, 0);
  let acc = 0;
  let typical = 0;
  for (const w of weighted) {
    acc += w.area;
    if (acc >= total / 2) {
      typical = w.c;
      break;
    }
  }
  const floor = typical * fraction;
  return filterComponents(ink, labelling, (c) => (contrast[c.label] ?? 0) >= floor);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function clampOdd(v: number, lo: number, hi: number): number {
  const n = Math.round(clamp(v, lo, hi));
  return n % 2 === 1 ? n : n + 1;
}
