/**
 * `npx tsx scripts/pack-python-packages.ts [--from DIR]`: packs sympy and
 * mpmath for the Python engine (what `vite build`, `npm run py` and the tests
 * do on their own when needed) and prints where the archive is. DIR is a
 * dist-packages folder or a folder of Pyodide wheels; the default is
 * PYTHON_PACKAGES_SOURCE, else Debian's python3-sympy. Exit 1 when none exists.
 */
import { ensurePythonPackages } from '../src/engines/python/node-pack';
import { runCli } from './cli';

const CLI = {
  name: 'pack',
  usage: 'npx tsx scripts/pack-python-packages.ts [--from DIR]',
  options: { from: { type: 'string' } },
} as const;

runCli(CLI, async ({ values }) => {
  const source = values.from;
  const packed = await ensurePythonPackages({ source, log: (message) => console.error(message) });
  if (!packed) {
    console.error(
      'No sympy/mpmath found: install python3-sympy (apt-get install -y python3-sympy), or pass --from DIR with Pyodide wheels.',
    );
    process.exitCode = 1;
    return;
  }
  const { archive } = packed.manifest;
  console.log(
    JSON.stringify({
      zip: packed.zipPath,
      bytes: archive.bytes,
      sha256: archive.sha256,
      packages: archive.packages,
      built: packed.built,
    }),
  );
});
