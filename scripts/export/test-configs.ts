/**
 * Tiny configurations for the exporter's tests, with Qwen2's structure:
 * A has Qwen2-1.5B's 12 : 2 query/KV heads, tied embeddings and theta 1e4;
 * B has Qwen2-7B's 7 : 1 grouping, an untied head, theta 1e6, and widths that
 * are not multiples of the q4 block (112, 176), so blocks get padded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Qwen2Config } from './config';

export const CONFIG_A: Qwen2Config = {
  hiddenSize: 96,
  intermediateSize: 160,
  numLayers: 2,
  numHeads: 12,
  numKvHeads: 2,
  headDim: 8,
  vocabSize: 512,
  ropeTheta: 10000,
  rmsNormEps: 1e-6,
  tieWordEmbeddings: true,
  maxPositionEmbeddings: 128,
};

export const CONFIG_B: Qwen2Config = {
  hiddenSize: 112,
  intermediateSize: 176,
  numLayers: 3,
  numHeads: 14,
  numKvHeads: 2,
  headDim: 8,
  vocabSize: 300,
  ropeTheta: 1e6,
  rmsNormEps: 1e-5,
  tieWordEmbeddings: false,
  maxPositionEmbeddings: 128,
};

const made: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}

/** For afterAll: removes every folder tempDir made in this test file. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
