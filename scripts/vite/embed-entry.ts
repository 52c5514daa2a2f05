/**
 * embed.js (src/embed/index.ts): the one file course pages hard-code, so its
 * name carries no hash. It is bundled by a separate Vite build inside this
 * plugin and emitted as an asset of the app's build: as a second input of the
 * app's build it would share chunks with the app (src/embed/protocol.ts) and
 * change the app's own files. The dev server serves the source at /embed.js.
 */
import path from 'node:path';
import { build, type Plugin, type ResolvedConfig } from 'vite';

export const EMBED_FILE = 'embed.js';
const ENTRY = 'src/embed/index.ts';

export function embedEntry(): Plugin {
  let config: ResolvedConfig | undefined;

  return {
    name: 'math-tutor:embed-entry',

    configResolved(resolved) {
      config = resolved;
    },

    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const [pathname, query] = (req.url ?? '').split('?');
        if (pathname === `${server.config.base}${EMBED_FILE}`) {
          req.url = `${server.config.base}${ENTRY}${query ? `?${query}` : ''}`;
        }
        next();
      });
    },

    async generateBundle() {
      if (!config || config.build.ssr) return;
      const output = await build({
        configFile: false,
        root: config.root,
        mode: config.mode,
        logLevel: 'warn',
        publicDir: false,
        build: {
          write: false,
          target: config.build.target,
          minify: true,
          sourcemap: false,
          rolldownOptions: {
            input: path.join(config.root, ENTRY),
            output: { entryFileNames: EMBED_FILE, codeSplitting: false },
          },
        },
      });
      // With `write: false` and no watch, build() resolves to the bundle itself.
      const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) =>
        'output' in o ? o.output : [],
      );
      const entry = chunks.find((c) => c.fileName === EMBED_FILE);
      if (entry?.type !== 'chunk' || chunks.length !== 1) {
        this.error(
          `${ENTRY} must bundle into ${EMBED_FILE} alone; got ${chunks.map((c) => c.fileName).join(', ')}`,
        );
      }
      this.emitFile({ type: 'asset', fileName: EMBED_FILE, source: entry.code });
    },
  };
}
