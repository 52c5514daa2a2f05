/**
 * Package installation from a packed archive or from an index's wheels,
 * against an in-process Pyodide (no sandbox here: it would disarm vitest's
 * own global scope) and a scripted byte source.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPyodide } from 'pyodide';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodePythonRunner } from './node';
import { PYODIDE_DIR } from './node-pack';
import { type ByteSource, installPackages, type PackagesManifest } from './packages';
import type { Pyodide } from './runner';

let pyodide: Pyodide;
let tmp: string;

/** A zip made by Python's zipfile, with `files` (name → text). */
function zip(files: Record<string, string>): Uint8Array {
  pyodide.globals.set('files', pyodide.toPy(files));
  pyodide.runPython(`
import io, zipfile
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    for name, text in files.items():
        z.writestr(name, text)
open("/tmp/made.zip", "wb").write(buf.getvalue())`);
  return pyodide.FS.readFile('/tmp/made.zip');
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function source(files: Record<string, Uint8Array>, asked: string[] = []): ByteSource {
  return {
    async bytes(url) {
      asked.push(url);
      const bytes = files[url];
      if (!bytes) throw new Error(`${url} could not be downloaded (HTTP 404)`);
      return bytes;
    },
  };
}

beforeAll(async () => {
  pyodide = await loadPyodide({ indexURL: PYODIDE_DIR, stdout: () => {}, stderr: () => {} });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'python-packages-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('installPackages', () => {
  it('unpacks the packed archive, found relative to the manifest', async () => {
    const archive = zip({ 'packedmod/__init__.py': 'VALUE = 42\n' });
    const manifest: PackagesManifest = {
      version: 1,
      archive: {
        file: 'packed.zip',
        sha256: sha256(archive),
        bytes: archive.byteLength,
        packages: { packedmod: '1.0' },
      },
      index: { url: 'https://index.invalid/', wheels: [] },
    };
    const asked: string[] = [];
    const installed = await installPackages(
      pyodide,
      manifest,
      'https://school.example/app/pyodide/python-packages.json',
      source({ 'https://school.example/app/pyodide/packed.zip': archive }, asked),
    );
    expect(installed).toEqual({ from: 'archive', packages: { packedmod: '1.0' } });
    expect(asked).toEqual(['https://school.example/app/pyodide/packed.zip']);
    expect(pyodide.runPython('import packedmod\npackedmod.VALUE')).toBe(42);
  });

  it('falls back to the wheels of a (re-hostable) package index', async () => {
    const wheel = zip({
      'wheelmod/__init__.py': 'VALUE = 7\n',
      'wheelmod-2.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: wheelmod\nVersion: 2.0\n',
      'wheelmod-2.0.dist-info/WHEEL': 'Wheel-Version: 1.0\nRoot-Is-Purelib: true\n',
      'wheelmod-2.0.dist-info/RECORD': '',
    });
    const file = 'wheelmod-2.0-py3-none-any.whl';
    const manifest: PackagesManifest = {
      version: 1,
      archive: null,
      index: {
        url: 'mirror/pyodide',
        wheels: [{ name: 'wheelmod', version: '2.0', file, sha256: sha256(wheel) }],
      },
    };
    const installed = await installPackages(
      pyodide,
      manifest,
      'https://school.example/pyodide/python-packages.json',
      source({ [`https://school.example/pyodide/mirror/pyodide/${file}`]: wheel }),
    );
    expect(installed).toEqual({ from: 'index', packages: { wheelmod: '2.0' } });
    expect(pyodide.runPython('import wheelmod\nwheelmod.VALUE')).toBe(7);
  });

  it('refuses bytes that do not match their checksum', async () => {
    const archive = zip({ 'other/__init__.py': '' });
    const manifest: PackagesManifest = {
      version: 1,
      archive: { file: 'a.zip', sha256: '0'.repeat(64), bytes: 1, packages: {} },
      index: { url: 'https://index.invalid/', wheels: [] },
    };
    await expect(
      installPackages(
        pyodide,
        manifest,
        'https://x.example/m.json',
        source({ 'https://x.example/a.zip': archive }),
      ),
    ).rejects.toThrow(/does not match its checksum/);
  });
});

describe('an engine whose packages cannot be loaded', () => {
  it('still runs Python, and says why sympy is missing', async () => {
    const manifest: PackagesManifest = {
      version: 1,
      archive: null,
      // Nothing listens there: as offline as a first start without network.
      index: {
        url: 'http://127.0.0.1:9/',
        wheels: [{ name: 'sympy', version: '1.14.0', file: 'sympy.whl', sha256: '' }],
      },
    };
    const file = path.join(tmp, 'python-packages.json');
    await writeFile(file, JSON.stringify(manifest));
    const python = await createNodePythonRunner({ packagesManifestUrl: pathToFileURL(file).href });
    try {
      const info = await python.warm();
      expect(info.packagesFrom).toBe('none');
      expect(info.packagesError).toBeTruthy();
      expect(await python.run('print(6 * 7)', { session: 's' })).toEqual({
        output: '42',
        ok: true,
      });
      const sympy = await python.run('import sympy', { session: 's' });
      expect(sympy.ok).toBe(false);
      expect(sympy.output).toMatch(
        /^ImportError: sympy could not be loaded \(.+\)\. Connect to the internet once/,
      );
    } finally {
      python.dispose();
    }
  });
});
