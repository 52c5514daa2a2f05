import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { embedEntry } from './scripts/vite/embed-entry';
import { ocrAssets } from './scripts/vite/ocr-assets';
import { pwa } from './scripts/vite/pwa';
import { pythonAssets } from './scripts/vite/python-assets';

export default defineConfig(({ mode }) => ({
  plugins: [react(), ocrAssets(), pythonAssets(), embedEntry(), pwa(mode)],
  // Module workers: Pyodide refuses classic workers, and transformers.js uses
  // top-level await.
  worker: { format: 'es' },
  optimizeDeps: {
    // Without the workers here, the dev server discovers their dependencies
    // mid-run and reloads the page ("optimized dependencies changed").
    entries: ['index.html', 'src/engines/*/worker.ts'],
    exclude: ['@huggingface/transformers', 'onnxruntime-web'],
  },
  build: {
    target: 'es2022',
    // The ORT and tesseract wasm files are large by nature; the budget that
    // matters is the initial JS, checked by a test.
    chunkSizeWarningLimit: 2048,
    // `vite build --mode e2e` (run by scripts/serve.ts after the normal build)
    // adds the e2e harness pages to dist/ and nothing else. A second build, not
    // an extra input to the first: entries built together share chunks, which
    // would change the app's own files from those of a normal build.
    ...(mode === 'e2e' && {
      emptyOutDir: false,
      rolldownOptions: { input: { pythonHarness: 'e2e/harness/python.html' } },
    }),
  },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
}));
