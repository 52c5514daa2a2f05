import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

/**
 * Serves (dev) and copies (build) what tesseract.js loads at run time, so
 * that nothing comes from a CDN:
 *
 *   /tesseract/worker.min.js               tesseract.js's own worker
 *   /tesseract/core/tesseract-core-*.wasm.js  the LSTM-only cores (wasm inlined);
 *                                          tesseract.js picks one by SIMD support
 *   /tesseract/lang/eng.traineddata        language data, still gzip-compressed
 *   /tesseract/lang/chi_sim.traineddata
 *
 * The language files keep their gzip bytes but drop the .gz suffix: static
 * servers (vite preview's sirv among them) send any *.gz with
 * `Content-Encoding: gzip`, which ENVIRONMENT.md says to avoid. tesseract.js
 * recognises gzip by its magic bytes and inflates it itself, so the client
 * asks for the plain name (`gzip: false`) and still downloads the small file.
 * The `_best_int` data (integer LSTM only) is 2.9 MB against 10.9 MB for the
 * data that also carries the legacy engine, and reads the dev set identically.
 */
export const OCR_ASSET_DIR = 'tesseract';

const CORES = [
  'tesseract-core-lstm.wasm.js',
  'tesseract-core-simd-lstm.wasm.js',
  'tesseract-core-relaxedsimd-lstm.wasm.js',
];

const LANGUAGES = ['eng', 'chi_sim'];

/** URL path under /tesseract/ → file on disk. */
export function ocrAssetFiles(root = process.cwd()): Map<string, string> {
  const require = createRequire(path.join(root, 'package.json'));
  const dirOf = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));
  const files = new Map<string, string>();
  files.set('worker.min.js', path.join(dirOf('tesseract.js'), 'dist', 'worker.min.js'));
  for (const core of CORES) files.set(`core/${core}`, path.join(dirOf('tesseract.js-core'), core));
  for (const lang of LANGUAGES) {
    files.set(
      `lang/${lang}.traineddata`,
      path.join(dirOf(`@tesseract.js-data/${lang}`), '4.0.0_best_int', `${lang}.traineddata.gz`),
    );
  }
  for (const [name, file] of files) {
    if (!existsSync(file))
      throw new Error(
        `ocr-assets: ${file} (for /${OCR_ASSET_DIR}/${name}) is missing; run npm install.`,
      );
  }
  return files;
}

function contentType(name: string): string {
  return name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/octet-stream';
}

export function ocrAssets(): Plugin {
  let config: ResolvedConfig;
  let files: Map<string, string>;
  return {
    name: 'math-tutor:ocr-assets',
    configResolved(resolved) {
      config = resolved;
      files = ocrAssetFiles(resolved.root);
    },
    configureServer(server) {
      const prefix = `${config.base.replace(/\/?$/, '/')}${OCR_ASSET_DIR}/`;
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0] ?? '';
        if (!url.startsWith(prefix)) return next();
        const file = files.get(decodeURIComponent(url.slice(prefix.length)));
        if (!file) return next();
        res.setHeader('Content-Type', contentType(file));
        res.setHeader('Content-Length', statSync(file).size);
        res.setHeader('Cache-Control', 'no-cache');
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const [name, file] of files) {
        this.emitFile({
          type: 'asset',
          fileName: `${OCR_ASSET_DIR}/${name}`,
          source: readFileSync(file),
        });
      }
    },
  };
}
