/**
 * manifest.json of an exported folder: every file with its size and sha256
 * (so a host can verify an upload), and a models.json entry for it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PromptStyle } from '../../src/core/prompts';
import type { Dtype, ModelEntry } from '../../src/core/registry';
import type { ExportResult, FileEntry } from './export';
import type { ExportDtype } from './plan';

export interface EntryOptions {
  id: string;
  name?: string;
  /** Relative to models.json, e.g. "models/qwen2-math-1.5b-instruct/". */
  baseUrl: string;
  promptStyle?: PromptStyle;
  tir?: boolean;
  languages?: string[];
}

export function modelEntry(result: ExportResult, options: EntryOptions): ModelEntry {
  const have = Object.keys(result.sizes) as ExportDtype[];
  const pick = (...order: ExportDtype[]): Dtype =>
    order.find((d) => have.includes(d)) ?? (have[0] as Dtype);
  const f16 = have.includes('q4f16') ? 'q4f16' : have.includes('fp16') ? 'fp16' : undefined;
  return {
    id: options.id,
    name: options.name ?? options.id,
    baseUrl: options.baseUrl,
    dtype: {
      ...(f16 ? { webgpuF16: f16 } : {}),
      webgpu: pick('q4', 'fp32', 'q4f16', 'fp16'),
      wasm: pick('q4', 'fp32', 'q4f16', 'fp16'),
    },
    sizes: result.sizes,
    promptStyle: options.promptStyle ?? 'qwen-boxed',
    tir: options.tir ?? false,
    languages: options.languages ?? ['en'],
    contextLength: result.config.maxPositionEmbeddings,
  };
}

export interface Manifest {
  entry: ModelEntry;
  files: FileEntry[];
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
