/**
 * Reads and writes Hugging Face safetensors: an 8-byte little-endian header
 * length, a JSON header of name → { dtype, shape, data_offsets }, then the raw
 * bytes. Tensors are read one at a time with positioned reads, so a 1.5B
 * checkpoint never has to fit in memory at once.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { bf16ToF32, fromF16 } from './float';

export type StDtype = 'F32' | 'F16' | 'BF16';
const BYTES: Record<StDtype, number> = { F32: 4, F16: 2, BF16: 2 };

export interface StTensor {
  name: string;
  dtype: StDtype;
  shape: number[];
  file: string;
  /** Absolute byte range in `file`. */
  begin: number;
  end: number;
}

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export const SINGLE_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';

/** All tensors of a checkpoint folder: one model.safetensors, or shards named by the index. */
export class SafetensorsReader {
  readonly tensors = new Map<string, StTensor>();
  private readonly fds = new Map<string, number>();

  constructor(dir: string) {
    for (const file of shardFiles(dir)) this.indexFile(file);
  }

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  info(name: string): StTensor {
    const tensor = this.tensors.get(name);
    if (!tensor) throw new CheckpointError(`The checkpoint has no tensor "${name}".`);
    return tensor;
  }

  /** Widens any stored float type to fp32 (bf16 and fp16 widen exactly). */
  readF32(name: string): Float32Array {
    const tensor = this.info(name);
    const bytes = this.readBytes(tensor);
    if (tensor.dtype === 'F32')
      return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    const halves = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    return tensor.dtype === 'BF16' ? bf16ToF32(halves) : fromF16(halves);
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private readBytes(tensor: StTensor): Uint8Array {
    const out = new Uint8Array(tensor.end - tensor.begin);
    const fd = this.fd(tensor.file);
    let done = 0;
    // readSync reads at most 2 GiB per call.
    while (done < out.length) {
      const n = readSync(fd, out, done, Math.min(out.length - done, 1 << 30), tensor.begin + done);
      if (n === 0) throw new CheckpointError(`${tensor.file} ends inside tensor "${tensor.name}".`);
      done += n;
    }
    return out;
  }

  private fd(file: string): number {
    let fd = this.fds.get(file);
    if (fd === undefined) {
      fd = openSync(file, 'r');
      this.fds.set(file, fd);
    }
    return fd;
  }

  private indexFile(file: string): void {
    const fd = this.fd(file);
    const head = Buffer.alloc(8);
    readSync(fd, head, 0, 8, 0);
    const headerLength = Number(head.readBigUInt64LE(0));
    if (headerLength > 100_000_000) throw new CheckpointError(`${file} is not a safetensors file.`);
    const json = Buffer.alloc(headerLength);
    readSync(fd, json, 0, headerLength, 8);
    const header = JSON.parse(json.toString('utf8')) as Record<string, unknown>;
    const base = 8 + headerLength;
    for (const [name, raw] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const entry = raw as { dtype: string; shape: number[]; data_offsets: [number, number] };
      if (!(entry.dtype in BYTES)) {
        throw new CheckpointError(
          `Tensor "${name}" has dtype ${entry.dtype}; only F32, F16 and BF16 are supported.`,
        );
      }
      this.tensors.set(name, {
        name,
        dtype: entry.dtype as StDtype,
        shape: entry.shape,
        file,
        begin: base + entry.data_offsets[0],
        end: base + entry.data_offsets[1],
      });
    }
  }
}

function shardFiles(dir: string): string[] {
  const index = path.join(dir, INDEX_FILE);
  if (existsSync(index)) {
    const map = (JSON.parse(readFileSync(index, 'utf8')) as { weight_map?: Record<string, string> })
      .weight_map;
    if (!map) throw new CheckpointError(`${index} has no "weight_map".`);
    return [...new Set(Object.values(map))].map((file) => path.join(dir, file));
  }
  const single = path.join(dir, SINGLE_FILE);
  if (existsSync(single)) return [single];
  throw new CheckpointError(`${dir} has neither ${SINGLE_FILE} nor ${INDEX_FILE}.`);
}

export interface StWriteTensor {
  name: string;
  dtype: StDtype;
  shape: number[];
  /** Called once, in order, when the tensor's bytes are due: lets a writer generate data lazily. */
  data: () => Uint8Array;
}

/** Writes one safetensors file, producing each tensor's bytes only when it is written. */
export function writeSafetensors(
  file: string,
  tensors: StWriteTensor[],
  metadata: Record<string, string> = {},
): number {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt', ...metadata } };
  let offset = 0;
  for (const t of tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1) * BYTES[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  // The format asks for the data to start 8-byte aligned; pad the header with spaces.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const fd = openSync(file, 'w');
  try {
    const head = Buffer.alloc(8);
    head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
    writeSync(fd, head);
    writeSync(fd, Buffer.from(json, 'utf8'));
    for (const t of tensors) {
      const bytes = t.data();
      const expected = t.shape.reduce((a, b) => a * b, 1) * BYTES[t.dtype];
      if (bytes.length !== expected)
        throw new Error(`Tensor ${t.name}: ${bytes.length} bytes, expected ${expected}.`);
      writeAll(fd, bytes);
    }
  } finally {
    closeSync(fd);
  }
  return 8 + Buffer.byteLength(json) + offset;
}

export function tensorBytes(shape: number[], dtype: StDtype): number {
  return shape.reduce((a, b) => a * b, 1) * BYTES[dtype];
}

export function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) {
    done += writeSync(fd, bytes, done, Math.min(bytes.length - done, 1 << 30));
  }
}
