/**
 * The formula recogniser in the OCR worker: onnxruntime-web on WebAssembly,
 * with ONNX Runtime's wasm served by the app (the same file the LLM worker
 * uses, so it is downloaded once and precached for offline use). Imported
 * only when a formula model is needed: none of it weighs on reading text.
 */

import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import * as ort from 'onnxruntime-web/webgpu';
import type { LoadedFormulaReader } from '../handler';
import type { FormulaRequest } from '../protocol';
import { cachedBytes, isFormulaModelStored } from './cache';
import { FormulaRecognizer } from './recognizer';
import type { ModelFiles, OrtRuntime, OrtSession } from './runtime';

ort.env.wasm.wasmPaths = { wasm: new URL(ortWasmUrl, self.location.href).href };

const webRuntime: OrtRuntime = {
  async createSession(model) {
    const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
    return session as unknown as OrtSession;
  },
  tensor(type, data, dims) {
    return new ort.Tensor(type, data as never, dims);
  },
};

function folderFiles(folderUrl: string): ModelFiles {
  return {
    async json(name, optional) {
      const url = new URL(name, folderUrl).href;
      try {
        return JSON.parse(new TextDecoder().decode(await cachedBytes(url))) as unknown;
      } catch (error) {
        if (optional && /HTTP 404/.test(String(error))) return undefined;
        throw error;
      }
    },
    bytes: (name, onProgress) => cachedBytes(new URL(name, folderUrl).href, onProgress),
  };
}

export async function loadFormulaReader(
  request: FormulaRequest,
  onProgress: (progress: number) => void,
): Promise<LoadedFormulaReader | null> {
  if (!request.download && !(await isFormulaModelStored(request))) return null;
  const recognizer = await FormulaRecognizer.load(
    folderFiles(request.folderUrl),
    webRuntime,
    request.model,
    ({ loaded, total }) => onProgress(total > 0 ? loaded / total : 0),
  );
  return {
    read: (image) => recognizer.recognize(image),
    dispose: () => recognizer.dispose(),
  };
}
