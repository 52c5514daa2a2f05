import { describe, expect, it } from 'vitest';
// tesseract.js's own detector (a dependency of tesseract.js), as the reference.
import { relaxedSimd, simd } from 'wasm-feature-detect';
import { builtinModels } from '../registry';
import {
  detectWasmFeatures,
  engineFiles,
  engineOf,
  enginesFor,
  ocrLanguageOf,
  splitManifest,
  tesseractCore,
  urlOfCacheKey,
} from './engines';

const manifest = [
  { url: 'index.html', revision: 'a', bytes: 700 },
  { url: 'assets/index-AbCd1234.js', revision: null, bytes: 90_000 },
  { url: 'assets/ort-wasm-simd-threaded.asyncify-CxOG5pUO.wasm', revision: null, bytes: 27e6 },
  { url: 'tesseract/worker.min.js', revision: 'b', bytes: 111_307 },
  { url: 'tesseract/core/tesseract-core-lstm.wasm.js', revision: 'c', bytes: 3.9e6 },
  { url: 'tesseract/core/tesseract-core-simd-lstm.wasm.js', revision: 'd', bytes: 3.9e6 },
  { url: 'tesseract/core/tesseract-core-relaxedsimd-lstm.wasm.js', revision: 'e', bytes: 3.9e6 },
  { url: 'tesseract/lang/eng.traineddata', revision: 'f', bytes: 2.9e6 },
  { url: 'tesseract/lang/chi_sim.traineddata', revision: 'f2', bytes: 1.7e6 },
  { url: 'pyodide/pyodide.asm.wasm', revision: 'g', bytes: 9.6e6 },
  { url: 'pyodide/python-packages.json', revision: 'h', bytes: 776 },
  'manifest.webmanifest',
  { url: 'index.html', revision: 'a' },
];

describe('the precache manifest split', () => {
  it('precaches the shell and the LLM engine, and leaves OCR and Python for first use', () => {
    const { eager, lazy } = splitManifest(manifest);
    expect(eager.map((e) => e.url)).toEqual([
      'index.html',
      'assets/index-AbCd1234.js',
      'assets/ort-wasm-simd-threaded.asyncify-CxOG5pUO.wasm',
      'manifest.webmanifest',
    ]);
    expect(lazy.every((e) => engineOf(e.url) !== undefined)).toBe(true);
    expect(lazy).toHaveLength(8);
  });

  it('names the engine of a lazy file', () => {
    expect(engineOf('tesseract/lang/eng.traineddata')).toBe('ocr');
    expect(engineOf('pyodide/pyodide.asm.mjs')).toBe('python');
    expect(engineOf('assets/worker-KH1Xs93z.js')).toBeUndefined();
  });
});

describe('the engine files a device needs', () => {
  const { lazy } = splitManifest(manifest);

  it('keeps only the tesseract core this browser will load', () => {
    const urls = (features: { simd: boolean; relaxedSimd: boolean }) =>
      engineFiles(lazy, { engines: ['ocr'], ocrLanguages: ['eng'] }, features).map((e) => e.url);
    expect(urls({ simd: true, relaxedSimd: true })).toEqual([
      'tesseract/worker.min.js',
      'tesseract/core/tesseract-core-relaxedsimd-lstm.wasm.js',
      'tesseract/lang/eng.traineddata',
    ]);
    expect(urls({ simd: true, relaxedSimd: false })).toContain(
      'tesseract/core/tesseract-core-simd-lstm.wasm.js',
    );
    expect(urls({ simd: false, relaxedSimd: false })).toContain(
      'tesseract/core/tesseract-core-lstm.wasm.js',
    );
  });

  it('adds Python only when asked for', () => {
    const features = { simd: true, relaxedSimd: false };
    const ocr = engineFiles(lazy, { engines: ['ocr'], ocrLanguages: ['eng'] }, features);
    expect(ocr.some((e) => e.url.startsWith('pyodide/'))).toBe(false);
    const python = engineFiles(lazy, { engines: ['python'], ocrLanguages: ['eng'] }, features);
    expect(python.map((e) => e.url)).toEqual([
      'pyodide/pyodide.asm.wasm',
      'pyodide/python-packages.json',
    ]);
  });

  it('keeps Chinese language data only for a model that reads Chinese', () => {
    const features = { simd: true, relaxedSimd: false };
    const languages = (ocrLanguages: string[]) =>
      engineFiles(lazy, { engines: ['ocr'], ocrLanguages }, features)
        .map((e) => ocrLanguageOf(e.url))
        .filter(Boolean);
    expect(languages(['eng'])).toEqual(['eng']);
    expect(languages(['eng', 'chi_sim'])).toEqual(['eng', 'chi_sim']);
  });

  it('picks the same core name as tesseract.js for each feature set', () => {
    expect(tesseractCore({ simd: false, relaxedSimd: true })).toBe(
      'tesseract-core-relaxedsimd-lstm.wasm.js',
    );
    expect(tesseractCore({ simd: true, relaxedSimd: false })).toBe(
      'tesseract-core-simd-lstm.wasm.js',
    );
  });

  it('detects wasm features as tesseract.js does', async () => {
    expect(detectWasmFeatures()).toEqual({ simd: await simd(), relaxedSimd: await relaxedSimd() });
  });
});

describe('cache keys', () => {
  it('drops only Workbox revision parameters', () => {
    expect(urlOfCacheKey('https://a.example/t/worker.min.js?__WB_REVISION__=abc')).toBe(
      'https://a.example/t/worker.min.js',
    );
    expect(urlOfCacheKey('https://a.example/x.js?v=1&__WB_REVISION__=abc')).toBe(
      'https://a.example/x.js?v=1',
    );
  });
});

describe('what a model needs besides itself', () => {
  const [qwen2, qwen25] = builtinModels({ appBase: 'https://tutor.example/' });

  it('needs Python only for tool-integrated reasoning, Chinese OCR only for Chinese', () => {
    expect(qwen2?.tir).toBe(false);
    expect(enginesFor(qwen2!)).toEqual({ engines: ['ocr'], ocrLanguages: ['eng'] });
    expect(enginesFor(qwen25!)).toEqual({
      engines: ['ocr', 'python'],
      ocrLanguages: ['eng', 'chi_sim'],
    });
  });
});
