/// <reference lib="webworker" />
/**
 * The OCR worker: decodes the image, runs the shared pipeline (src/core) and
 * tesseract.js, all off the main thread so a 12-megapixel photo never
 * freezes the page. tesseract.js starts its own worker from here; both go
 * when the client terminates this one.
 */
import { createWorker, OEM } from 'tesseract.js';
import { isWasmThread } from '../wasm-thread';
import { decodeInWorker } from './decode';
import { createOcrHandler, type LoadedRecognizer } from './handler';
import type { OcrLanguage, OcrRequest } from './protocol';
import { tesseractRecognizer } from './tesseract';

declare const self: DedicatedWorkerGlobalScope;

/**
 * tesseract.js starts its worker from a blob: URL, where relative paths do
 * not resolve: every path must be absolute (ENVIRONMENT.md).
 */
const assetBase = new URL(`${import.meta.env.BASE_URL}tesseract/`, self.location.origin).href;

async function loadRecognizer(
  language: OcrLanguage,
  onProgress: (p: number) => void,
): Promise<LoadedRecognizer> {
  const languages = language === 'chi_sim' ? ['chi_sim', 'eng'] : ['eng'];
  const tesseract = await createWorker(languages, OEM.LSTM_ONLY, {
    workerPath: `${assetBase}worker.min.js`,
    corePath: `${assetBase}core/`,
    langPath: `${assetBase}lang`,
    // Served gzip-compressed under the plain name (see scripts/vite/ocr-assets.ts);
    // tesseract.js inflates it by its magic bytes.
    gzip: false,
    // The service worker and the HTTP cache keep the data; a second copy in
    // IndexedDB would outlive app updates.
    cacheMethod: 'none',
    logger: (m) => {
      if (m.status.startsWith('loading') || m.status.startsWith('initializ'))
        onProgress(m.progress);
    },
  });
  return tesseractRecognizer(tesseract, (pgm) => new Blob([pgm as Uint8Array<ArrayBuffer>]));
}

// The formula reader's chunk imports this one, so with WASM threads this entry
// runs again in each of ONNX Runtime's threads; there it must not take over
// Emscripten's onmessage (src/engines/wasm-thread.ts).
if (!isWasmThread(self.name)) {
  const handle = createOcrHandler({
    post: (reply) => self.postMessage(reply),
    decode: decodeInWorker,
    loadRecognizer,
    // ONNX Runtime and the recogniser load only when a formula model is asked for.
    loadFormulaReader: async (request, onProgress) =>
      (await import('./formula/browser')).loadFormulaReader(request, onProgress),
  });

  self.onmessage = (event: MessageEvent<OcrRequest>) => {
    void handle(event.data);
  };
}
