import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { ocrAssets } from './scripts/vite/ocr-assets';
import { pythonAssets } from './scripts/vite/python-assets';

export default defineConfig({
  plugins: [react(), ocrAssets(), pythonAssets()],
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
  },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
