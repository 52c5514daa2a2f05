/**
 * Serves (dev) and emits (build) the Python engine's files under /pyodide/:
 * Pyodide's runtime from node_modules/pyodide, the packed sympy + mpmath
 * archive when this machine has the packages (src/engines/python/node-pack.ts), and
 * python-packages.json, which tells the worker where packages come from: the
 * packed archive, else the wheels of a Pyodide package index
 * (PYODIDE_PACKAGE_INDEX_URL, default Pyodide's own for this version). Nothing
 * is fetched from a CDN unless a build has no packed copy.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import {
  defaultIndexUrl,
  ensurePythonPackages,
  indexWheels,
  PYODIDE_DIR,
} from '../../src/engines/python/node-pack';
import { PACKAGES_MANIFEST, type PackagesManifest } from '../../src/engines/python/packages';

export interface PythonAssetsOptions {
  /** A dist-packages folder or a folder of Pyodide wheels (default: PYTHON_PACKAGES_SOURCE, else Debian's). */
  packagesSource?: string;
  /** Skip packing even where packages exist (also PYTHON_PACKAGES=index). */
  pack?: boolean;
  /** The package index for builds without a packed copy (also PYODIDE_PACKAGE_INDEX_URL). */
  indexUrl?: string;
}

/** Pyodide's runtime files: the loader module, the wasm, the standard library, the lock file. */
export const PYODIDE_FILES = [
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
];

const CONTENT_TYPES: Record<string, string> = {
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json',
};

interface Prepared {
  manifest: PackagesManifest;
  /** The packed archive on disk, when there is one. */
  zipPath: string | null;
}

export function pythonAssets(options: PythonAssetsOptions = {}): Plugin {
  let config: ResolvedConfig | undefined;
  let prepared: Promise<Prepared> | undefined;
  const log = (message: string) => config?.logger.info(`[python-assets] ${message}`);

  const prepare = () => {
    prepared ??= (async (): Promise<Prepared> => {
      const index = {
        url: options.indexUrl ?? process.env.PYODIDE_PACKAGE_INDEX_URL ?? (await defaultIndexUrl()),
        wheels: await indexWheels(),
      };
      const wantPack = options.pack !== false && process.env.PYTHON_PACKAGES !== 'index';
      const packed = wantPack
        ? await ensurePythonPackages({ source: options.packagesSource, log })
        : null;
      if (!packed) {
        log(`No packed sympy/mpmath: the app will fetch them from ${index.url} at first use.`);
        return { manifest: { version: 1, archive: null, index }, zipPath: null };
      }
      // Named by content, so caches (HTTP, service worker) never serve a stale archive.
      const file = `python-packages-${packed.manifest.archive.sha256.slice(0, 12)}.zip`;
      return {
        manifest: { version: 1, archive: { ...packed.manifest.archive, file }, index },
        zipPath: packed.zipPath,
      };
    })();
    return prepared;
  };

  /** The URL prefix of the files; a relative base serves from the root in dev. */
  const prefix = () => `${config?.base.startsWith('/') ? config.base : '/'}pyodide/`;

  return {
    name: 'math-tutor:python-assets',

    configResolved(resolved) {
      config = resolved;
    },

    configureServer(server) {
      // Start packing with the server rather than at the first request.
      void prepare().catch((error: unknown) => log(`packing failed: ${String(error)}`));
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0] ?? '';
        if (!url.startsWith(prefix())) return next();
        const name = url.slice(prefix().length);
        const send = (file: string) => {
          res.setHeader(
            'Content-Type',
            CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
          );
          createReadStream(file).on('error', next).pipe(res);
        };
        if (PYODIDE_FILES.includes(name)) return send(path.join(PYODIDE_DIR, name));
        void (async () => {
          const { manifest, zipPath } = await prepare();
          if (name === PACKAGES_MANIFEST) {
            res.setHeader('Content-Type', CONTENT_TYPES['.json'] as string);
            res.end(JSON.stringify(manifest));
            return;
          }
          if (zipPath && name === manifest.archive?.file) return send(zipPath);
          next();
        })().catch(next);
      });
    },

    async generateBundle() {
      // Only the client build carries the engine's files (not an SSR or worker sub-build).
      if (config?.build.ssr) return;
      for (const name of PYODIDE_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `pyodide/${name}`,
          source: await readFile(path.join(PYODIDE_DIR, name)),
        });
      }
      const { manifest, zipPath } = await prepare();
      if (zipPath && manifest.archive) {
        this.emitFile({
          type: 'asset',
          fileName: `pyodide/${manifest.archive.file}`,
          source: await readFile(zipPath),
        });
      }
      this.emitFile({
        type: 'asset',
        fileName: `pyodide/${PACKAGES_MANIFEST}`,
        source: `${JSON.stringify(manifest, null, 2)}\n`,
      });
    },
  };
}
