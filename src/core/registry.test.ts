import { describe, expect, it } from 'vitest';
import {
  builtinModels,
  ManifestError,
  mergeRegistry,
  modelFolderUrl,
  parseManifest,
  readManifest,
} from './registry';

const appBase = 'http://localhost:4173/';

describe('builtinModels', () => {
  it('lists Qwen2-Math first, self-hosted next to the app by default', () => {
    const [qwen2, qwen25] = builtinModels({ appBase });
    expect(qwen2?.id).toBe('qwen2-math-1.5b-instruct');
    expect(qwen2?.promptStyle).toBe('qwen-boxed');
    expect(modelFolderUrl(qwen2!)).toBe('http://localhost:4173/models/qwen2-math-1.5b-instruct/');
    expect(qwen25?.promptStyle).toBe('qwen25-math-cot');
    expect(qwen25?.tir).toBe(true);
    expect(modelFolderUrl(qwen25!)).toBe(
      'https://huggingface.co/onnx-community/Qwen2.5-Math-1.5B-Instruct/resolve/main/',
    );
  });

  it('re-hosts Qwen2-Math on the build-time model host', () => {
    const [qwen2] = builtinModels({ appBase, modelHost: 'https://models.school.example/tutor' });
    expect(qwen2?.baseUrl).toBe('https://models.school.example/tutor/qwen2-math-1.5b-instruct/');
  });
});

describe('parseManifest', () => {
  const manifestUrl = 'http://localhost:4173/models.json';
  const tiny = {
    id: 'tiny-qwen2',
    name: 'Tiny',
    baseUrl: 'models/tiny-qwen2',
    dtype: { webgpu: 'q4', wasm: 'fp32' },
    promptStyle: 'qwen-boxed',
    tir: false,
    sizes: { fp32: 1000, q4: 500, bogus: 3 },
  };

  it('resolves relative base URLs against the manifest', () => {
    const [entry] = parseManifest({ models: [tiny] }, manifestUrl);
    expect(entry).toMatchObject({
      id: 'tiny-qwen2',
      baseUrl: 'http://localhost:4173/models/tiny-qwen2/',
      sizes: { fp32: 1000, q4: 500 },
      languages: ['en'],
      contextLength: 4096,
    });
  });

  it('rejects malformed entries with a message naming the entry', () => {
    expect(() => parseManifest({}, manifestUrl)).toThrow(ManifestError);
    expect(() => parseManifest({ models: [{ ...tiny, promptStyle: 'x' }] }, manifestUrl)).toThrow(
      /entry 0 \(tiny-qwen2\)/,
    );
    expect(() => parseManifest({ models: [{ ...tiny, hubRepo: 'a/b' }] }, manifestUrl)).toThrow(
      /exactly one/,
    );
    expect(() => parseManifest({ models: [{ ...tiny, id: '../x' }] }, manifestUrl)).toThrow(/id/);
    expect(() =>
      parseManifest({ models: [{ ...tiny, dtype: { webgpu: 'q4' } }] }, manifestUrl),
    ).toThrow(/dtype/);
  });
});

describe('mergeRegistry', () => {
  it('lets the manifest replace a built-in by id and append new ones', () => {
    const builtins = builtinModels({ appBase });
    const merged = mergeRegistry(builtins, [
      { ...builtins[0]!, name: 'Rehosted' },
      { ...builtins[1]!, id: 'extra' },
    ]);
    expect(merged.map((m) => m.id)).toEqual([
      'qwen2-math-1.5b-instruct',
      'qwen2.5-math-1.5b-instruct',
      'extra',
    ]);
    expect(merged[0]?.name).toBe('Rehosted');
  });
});

describe('readManifest', () => {
  it('lets a deployment keep the tutor off the Hub', () => {
    const url = 'http://localhost:4173/models.json';
    expect(readManifest({ models: [] }, url).hub).toBe(true);
    expect(readManifest({ models: [], hub: false }, url).hub).toBe(false);
    expect(() => readManifest({ models: [], hub: 'no' }, url)).toThrow(/hub/);
  });
});
