/**
 * What a file really is, from its first bytes rather than its name or MIME
 * type (both are often wrong for photos shared between apps), and whether it
 * is whole. Pure byte inspection: nothing is decoded or rendered, which
 * matters for SVG (it may carry scripts) and for files too large to decode.
 */
export type ImageFormat =
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'webp'
  | 'bmp'
  | 'avif'
  | 'heic'
  | 'tiff'
  | 'ico'
  | 'svg';

export interface SniffResult {
  format: ImageFormat | null;
  /** Pixel size from the header, when the format's header carries it. */
  width?: number;
  height?: number;
  /** GIF with more than one frame (or APNG / animated WebP). */
  animated?: boolean;
  /** The file ends before the format's end marker: truncated in transfer. */
  truncated?: boolean;
}

const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, start + length));

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32be = (b: Uint8Array, i: number) =>
  (b[i] ?? 0) * 2 ** 24 + ((b[i + 1] ?? 0) << 16) + ((b[i + 2] ?? 0) << 8) + (b[i + 3] ?? 0);
const u32le = (b: Uint8Array, i: number) =>
  (b[i] ?? 0) + ((b[i + 1] ?? 0) << 8) + ((b[i + 2] ?? 0) << 16) + (b[i + 3] ?? 0) * 2 ** 24;
const i32le = (b: Uint8Array, i: number) => u32le(b, i) | 0;

export function sniffImage(bytes: Uint8Array): SniffResult {
  if (bytes.length >= 8 && ascii(bytes, 1, 3) === 'PNG' && bytes[0] === 0x89)
    return sniffPng(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return sniffJpeg(bytes);
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a'))
    return sniffGif(bytes);
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP')
    return sniffWebp(bytes);
  if (bytes.length >= 2 && ascii(bytes, 0, 2) === 'BM') return sniffBmp(bytes);
  if (bytes.length >= 12 && ascii(bytes, 4, 4) === 'ftyp') return sniffIsoBmff(bytes);
  if (bytes.length >= 4 && (ascii(bytes, 0, 4) === 'II*\0' || ascii(bytes, 0, 4) === 'MM\0*'))
    return { format: 'tiff' };
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 1 && bytes[3] === 0)
    return { format: 'ico' };
  if (looksLikeSvg(bytes)) return { format: 'svg' };
  return { format: null };
}

function sniffPng(b: Uint8Array): SniffResult {
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  let animated = false;
  let ended = false;
  // Walk the chunks: an APNG has acTL; a whole file ends with IEND.
  let i = 8;
  while (i + 8 <= b.length) {
    const length = u32be(b, i);
    const type = ascii(b, i + 4, 4);
    if (type === 'acTL') animated = true;
    if (type === 'IEND') {
      ended = true;
      break;
    }
    i += 12 + length;
  }
  return { format: 'png', width, height, animated, truncated: !ended };
}

function sniffJpeg(b: Uint8Array): SniffResult {
  let width: number | undefined;
  let height: number | undefined;
  let i = 2;
  let sawScan = false;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd9) return { format: 'jpeg', width, height, truncated: !sawScan };
    if (marker === 0xda) {
      sawScan = true;
      // Entropy-coded data escapes 0xFF as FF 00, so the next real marker is the end or a restart.
      const eoi = lastIndexOfMarker(b, 0xd9);
      return { format: 'jpeg', width, height, truncated: eoi < i };
    }
    if (marker >= 0xd0 && marker <= 0xd7) {
      i += 2;
      continue;
    }
    const length = u16be(b, i + 2);
    const isSof =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && i + 9 <= b.length) {
      height = u16be(b, i + 5);
      width = u16be(b, i + 7);
    }
    i += 2 + length;
  }
  return { format: 'jpeg', width, height, truncated: true };
}

function lastIndexOfMarker(b: Uint8Array, marker: number): number {
  // Cameras sometimes pad after the end marker; look back over a small tail.
  for (let i = b.length - 2; i >= Math.max(0, b.length - 65536); i--) {
    if (b[i] === 0xff && b[i + 1] === marker) return i;
  }
  return -1;
}

function sniffGif(b: Uint8Array): SniffResult {
  const width = u16le(b, 6);
  const height = u16le(b, 8);
  let frames = 0;
  let i = 13;
  const flags = b[10] ?? 0;
  if (flags & 0x80) i += 3 * 2 ** ((flags & 7) + 1);
  let ended = false;
  while (i < b.length) {
    const block = b[i];
    if (block === 0x3b) {
      ended = true;
      break;
    }
    if (block === 0x21) {
      i += 2;
      i = skipSubBlocks(b, i);
    } else if (block === 0x2c) {
      frames++;
      const imageFlags = b[i + 9] ?? 0;
      i += 10;
      if (imageFlags & 0x80) i += 3 * 2 ** ((imageFlags & 7) + 1);
      i += 1; // LZW minimum code size
      i = skipSubBlocks(b, i);
    } else {
      break;
    }
  }
  return { format: 'gif', width, height, animated: frames > 1, truncated: !ended };
}

function skipSubBlocks(b: Uint8Array, start: number): number {
  let i = start;
  while (i < b.length) {
    const size = b[i] ?? 0;
    i += 1;
    if (size === 0) break;
    i += size;
  }
  return i;
}

function sniffWebp(b: Uint8Array): SniffResult {
  const riffSize = u32le(b, 4) + 8;
  const chunk = ascii(b, 12, 4);
  let width: number | undefined;
  let height: number | undefined;
  let animated = false;
  if (chunk === 'VP8 ' && b.length >= 30) {
    width = u16le(b, 26) & 0x3fff;
    height = u16le(b, 28) & 0x3fff;
  } else if (chunk === 'VP8L' && b.length >= 25) {
    const bits = u32le(b, 21);
    width = (bits & 0x3fff) + 1;
    height = ((bits >> 14) & 0x3fff) + 1;
  } else if (chunk === 'VP8X' && b.length >= 30) {
    animated = ((b[20] ?? 0) & 0x02) !== 0;
    width = 1 + ((b[24] ?? 0) | ((b[25] ?? 0) << 8) | ((b[26] ?? 0) << 16));
    height = 1 + ((b[27] ?? 0) | ((b[28] ?? 0) << 8) | ((b[29] ?? 0) << 16));
  }
  return { format: 'webp', width, height, animated, truncated: b.length < riffSize };
}

function sniffBmp(b: Uint8Array): SniffResult {
  if (b.length < 26) return { format: 'bmp', truncated: true };
  const fileSize = u32le(b, 2);
  return {
    format: 'bmp',
    width: Math.abs(i32le(b, 18)),
    height: Math.abs(i32le(b, 22)),
    truncated: b.length < fileSize,
  };
}

function sniffIsoBmff(b: Uint8Array): SniffResult {
  const size = u32be(b, 0);
  const brands = [ascii(b, 8, 4)];
  for (let i = 16; i + 4 <= Math.min(size, b.length, 64); i += 4) brands.push(ascii(b, i, 4));
  if (brands.some((x) => x === 'avif' || x === 'avis')) return { format: 'avif' };
  if (
    brands.some((x) => ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(x))
  ) {
    return { format: 'heic' };
  }
  return { format: null };
}

function looksLikeSvg(b: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(b.subarray(0, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<svg')) return true;
  if (head.startsWith('<?xml') || head.startsWith('<!doctype svg') || head.startsWith('<!--')) {
    return head.includes('<svg');
  }
  return false;
}
