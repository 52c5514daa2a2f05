/**
 * The formula recogniser in Node: onnxruntime-node underneath, model files
 * from a folder on disk or from a URL (a school's server, the Hub). Used by
 * `npm run ocr -- --formulas MODEL_ID_OR_DIR`, the benchmark and the tests;
 * the browser worker runs the same recogniser on onnxruntime-web (browser.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-node';
import type { RgbaImage } from '../../../core/image/types';
import {
  builtinFormulaModels,
  type FormulaModelEntry,
  formulaFolderUrl,
  parseFormulaEntries,
} from '../../../core/ocr/formula/models';
import type { FormulaReader } from '../../../core/ocr/types';
import { FormulaRecognizer } from './recognizer';
import type { ModelFiles, OrtRuntime, OrtSession } from './runtime';

export const nodeRuntime: OrtRuntime = {
  async createSession(model) {
    const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
    return session as unknown as OrtSession;
  },
  tensor(type, data, dims) {
    return new ort.Tensor(type, data as never, dims);
  },
};

export function folderFiles(dir: string): ModelFiles {
  return {
    async json(name, optional) {
      const file = path.join(dir, name);
      if (optional && !existsSync(file)) return undefined;
      return JSON.parse(await readFile(file, 'utf8')) as unknown;
    },
    async bytes(name, onProgress) {
      const data = new Uint8Array(await readFile(path.join(dir, name)));
      onProgress?.(data.length, data.length);
      return data;
    },
  };
}

export function urlFiles(folder: string): ModelFiles {
  const get = async (name: string) => {
    const response = await fetch(new URL(name, folder));
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    return response;
  };
  return {
    async json(name, optional) {
      const response = await fetch(new URL(name, folder));
      if (optional && response.status === 404) return undefined;
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
      return (await response.json()) as unknown;
    },
    async bytes(name, onProgress) {
      const data = new Uint8Array(await (await get(name)).arrayBuffer());
      onProgress?.(data.length, data.length);
      return data;
    },
  };
}

function manifestEntries(manifests: string[]): { entry: FormulaModelEntry; dir: string | null }[] {
  return manifests
    .filter((file) => existsSync(file))
    .flatMap((file) => {
      const base = pathToFileURL(file).href;
      const entries = parseFormulaEntries(JSON.parse(readFileSync(file, 'utf8')), base);
      return entries.map((entry) => ({
        entry,
        dir: entry.baseUrl?.startsWith('file:') ? fileURLToPath(entry.baseUrl) : null,
      }));
    });
}

/**
 * A model folder, or an id: from the given models.json files (a deployment's,
 * the test models'), else the registry's (Pix2Text MFR from the Hub). A
 * folder is read with the layout its own files show (merged decoder with a
 * cache when present, else the cache-free one).
 */
export function resolveFormulaModel(
  idOrDir: string,
  manifests: string[] = [],
): { files: ModelFiles; entry: FormulaModelEntry } {
  if (existsSync(idOrDir) && statSync(idOrDir).isDirectory()) {
    const has = (f: string) => existsSync(path.join(idOrDir, f));
    const entry: FormulaModelEntry = {
      id: path.basename(path.resolve(idOrDir)),
      name: path.basename(path.resolve(idOrDir)),
      baseUrl: pathToFileURL(`${path.resolve(idOrDir)}/`).href,
      encoder: has('onnx/encoder_model.onnx') ? 'onnx/encoder_model.onnx' : 'encoder_model.onnx',
      decoder: has('onnx/decoder_model_merged.onnx')
        ? 'onnx/decoder_model_merged.onnx'
        : has('decoder_model_merged.onnx')
          ? 'decoder_model_merged.onnx'
          : 'decoder_model.onnx',
    };
    return { files: folderFiles(idOrDir), entry };
  }
  const listed = manifestEntries(manifests);
  const local = listed.find((e) => e.entry.id === idOrDir);
  if (local?.dir) return { files: folderFiles(local.dir), entry: local.entry };
  const known = [...listed.map((e) => e.entry), ...builtinFormulaModels()];
  const entry = known.find((e) => e.id === idOrDir);
  if (!entry)
    throw new Error(
      `No formula model "${idOrDir}": give a folder or one of ${known.map((e) => e.id).join(', ')}.`,
    );
  return { files: urlFiles(formulaFolderUrl(entry)), entry };
}

/** Loads a recogniser and wraps it as the pipeline's FormulaReader. */
export async function loadFormulaReader(
  idOrDir: string,
  manifests: string[] = [],
): Promise<FormulaReader & { recognizer: FormulaRecognizer; dispose(): Promise<void> }> {
  const { files, entry } = resolveFormulaModel(idOrDir, manifests);
  const recognizer = await FormulaRecognizer.load(files, nodeRuntime, entry);
  return {
    recognizer,
    read: (image: RgbaImage) => recognizer.recognize(image),
    dispose: () => recognizer.dispose(),
  };
}
