import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomValues, writeCheckpoint } from './checkpoint-writer';
import { checkpointTensors } from './config';
import { SafetensorsReader, writeSafetensors } from './safetensors';
import { CONFIG_B, removeTempDirs, tempDir } from './test-configs';

afterAll(removeTempDirs);
describe('safetensors', () => {
  it('writes an 8-byte-aligned header and reads F32, BF16 and F16 back', () => {
    const dir = tempDir('st');
    const file = path.join(dir, 'model.safetensors');
    writeSafetensors(file, [
      {
        name: 'a',
        dtype: 'F32',
        shape: [2, 2],
        data: () => new Uint8Array(Float32Array.from([1, -2, 3.5, 0]).buffer),
      },
      {
        name: 'b',
        dtype: 'BF16',
        shape: [3],
        data: () => new Uint8Array(Uint16Array.from([0x3f80, 0xc000, 0x4040]).buffer),
      },
      {
        name: 'c',
        dtype: 'F16',
        shape: [1],
        data: () => new Uint8Array(Uint16Array.from([0x3c00]).buffer),
      },
    ]);
    const bytes = readFileSync(file);
    expect(Number(bytes.readBigUInt64LE(0)) % 8).toBe(0);
    const reader = new SafetensorsReader(dir);
    expect(Array.from(reader.readF32('a'))).toEqual([1, -2, 3.5, 0]);
    expect(Array.from(reader.readF32('b'))).toEqual([1, -2, 3]);
    expect(Array.from(reader.readF32('c'))).toEqual([1]);
    expect(reader.info('a').shape).toEqual([2, 2]);
    expect(() => reader.readF32('missing')).toThrow(/no tensor "missing"/);
    reader.close();
  });

  it('reads a sharded checkpoint through its index exactly like a single file', () => {
    const single = tempDir('st-single');
    const sharded = tempDir('st-sharded');
    writeCheckpoint(single, CONFIG_B, randomValues({ seed: 5 }), { dtype: 'BF16' });
    writeCheckpoint(sharded, CONFIG_B, randomValues({ seed: 5 }), {
      dtype: 'BF16',
      shardBytes: 200_000,
    });
    const index = JSON.parse(
      readFileSync(path.join(sharded, 'model.safetensors.index.json'), 'utf8'),
    );
    const shards = new Set(Object.values(index.weight_map as Record<string, string>));
    expect(shards.size).toBeGreaterThan(1);
    expect(existsSync(path.join(sharded, 'model.safetensors'))).toBe(false);
    const a = new SafetensorsReader(single);
    const b = new SafetensorsReader(sharded);
    for (const { name } of checkpointTensors(CONFIG_B))
      expect(b.readF32(name)).toEqual(a.readF32(name));
    a.close();
    b.close();
  });

  it('names a folder without weights in its error', () => {
    expect(() => new SafetensorsReader(tempDir('st-empty'))).toThrow(
      /neither model.safetensors nor/,
    );
  });
});
