/**
 * The service worker (src/app/pwa/sw.ts) and the web app manifest; what is
 * cached when, and why, is in docs/offline.md.
 *
 * injectManifest rather than generateSW: the OCR and Python engines are
 * cached on first use under revisioned keys, checked against their build-time
 * SHA-256 and carried over to new versions, which generateSW's runtime
 * caching (one strategy per URL pattern) cannot express.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { engineOf } from '../../src/core/pwa/engines';

export function pwa(mode: string): Plugin[] {
  let outDir = 'dist';
  return [
    {
      name: 'math-tutor:pwa-out-dir',
      configResolved(config) {
        outDir = path.resolve(config.root, config.build.outDir);
      },
    },
    ...VitePWA({
      // The e2e harness build adds pages to the app's dist/ and leaves its worker alone.
      disable: mode === 'e2e',
      strategies: 'injectManifest',
      srcDir: 'src/app/pwa',
      filename: 'sw.ts',
      registerType: 'prompt',
      // src/app/pwa/register.ts registers it, loading workbox-window on demand.
      injectRegister: false,
      devOptions: { enabled: false },
      // The glob below finds the icons already.
      includeManifestIcons: false,
      manifest: {
        name: 'Math Tutor',
        short_name: 'Math Tutor',
        description: 'A math tutor that solves problems step by step, entirely on your device.',
        // Relative to the manifest, so the app can be served under any sub-path.
        id: './',
        start_url: './',
        scope: './',
        display: 'standalone',
        theme_color: '#1f4e79',
        background_color: '#f6f7f9',
        lang: 'en',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      injectManifest: {
        rollupFormat: 'iife',
        // Every browser with service workers reads woff2: KaTeX's .woff/.ttf stay out.
        globPatterns: [
          '**/*.{html,js,mjs,css,woff2,svg,png,webmanifest,wasm,json,zip,traineddata}',
        ],
        globIgnores: ['models/**', 'models.json', 'e2e/**', 'sw.js'],
        // ONNX Runtime's wasm is 27 MB, the packed Python packages 11 MB.
        maximumFileSizeToCacheInBytes: 40 * 1024 * 1024,
        // Vite's content-hashed names need no revision.
        dontCacheBustURLsMatching: /^assets\/.+-[\w-]{8}\.\w+$/,
        manifestTransforms: [
          async (entries) => ({
            manifest: entries.map((entry) => ({
              ...entry,
              // Shown before an engine is kept.
              bytes: entry.size,
              // Engine files are kept later, from whatever answers then (the
              // network, or the browser's HTTP cache offline): the worker
              // keeps a copy only if it is this build's.
              ...(engineOf(entry.url) && {
                sha256: createHash('sha256')
                  .update(readFileSync(path.join(outDir, entry.url)))
                  .digest('hex'),
              }),
            })),
            warnings: [],
          }),
        ],
      },
    }),
  ];
}
