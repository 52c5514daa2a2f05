/**
 * The bookkeeping of models kept on the device, pure so it is tested in Node:
 * how a big file is fetched in parts that survive a dropped connection, how a
 * part's answer is read, and what the record of a stored model holds.
 */

/** A dropped connection loses at most this much of a file. */
export const PART_BYTES = 32 * 2 ** 20;

/** The `Range` header for part `index`. */
export function partRange(index: number, partBytes = PART_BYTES): string {
  const start = index * partBytes;
  return `bytes=${start}-${start + partBytes - 1}`;
}

/** "bytes 0-99/1234" → 1234; undefined for "*" or an unreadable header (CORS hides it). */
export function totalFromContentRange(header: string | null): number | undefined {
  const match = header ? /^bytes \d+-\d+\/(\d+)$/.exec(header.trim()) : null;
  return match ? Number(match[1]) : undefined;
}

/** The key a part is kept under, next to the file's own URL. */
export function partKey(url: string, index: number): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}math-tutor-part=${index}`;
}

export function partIndexOf(key: string, url: string): number | undefined {
  const prefix = partKey(url, 0).slice(0, -1);
  if (!key.startsWith(prefix)) return undefined;
  const index = Number(key.slice(prefix.length));
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

/** What is known of a model on this device: written only once every file is whole. */
export interface StoredRecord {
  version: 1;
  modelId: string;
  name: string;
  folder: string;
  /** Per dtype: when it was stored and the bytes of each of its files. */
  dtypes: Record<string, { storedAt: number; files: Record<string, number> }>;
}

export function parseStoredRecord(value: unknown): StoredRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<StoredRecord>;
  if (r.version !== 1 || typeof r.modelId !== 'string' || typeof r.folder !== 'string')
    return undefined;
  if (typeof r.dtypes !== 'object' || r.dtypes === null) return undefined;
  return {
    version: 1,
    modelId: r.modelId,
    name: typeof r.name === 'string' ? r.name : r.modelId,
    folder: r.folder,
    dtypes: r.dtypes,
  };
}

/** Every byte of every dtype's files (shared files such as config.json counted once). */
export function storedBytes(record: StoredRecord): number {
  const files = new Map<string, number>();
  for (const dtype of Object.values(record.dtypes)) {
    for (const [path, bytes] of Object.entries(dtype.files)) files.set(path, bytes);
  }
  let total = 0;
  for (const bytes of files.values()) total += bytes;
  return total;
}

export function storedAt(record: StoredRecord): number {
  return Math.max(0, ...Object.values(record.dtypes).map((d) => d.storedAt));
}
