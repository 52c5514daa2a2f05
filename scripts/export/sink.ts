/**
 * A file written front to back that hashes and counts as it goes, so the
 * manifest's sha256 and size cost no second read of a multi-gigabyte file.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { writeAll } from './safetensors';

export interface WrittenFile {
  path: string;
  bytes: number;
  sha256: string;
}

export class FileSink {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(data: Uint8Array): void {
    writeAll(this.fd, data);
    this.hash.update(data);
    this.bytes += data.length;
  }

  pad(to: number): void {
    const gap = (to - (this.bytes % to)) % to;
    if (gap) this.write(new Uint8Array(gap));
  }

  close(): WrittenFile {
    closeSync(this.fd);
    return { path: this.path, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}
