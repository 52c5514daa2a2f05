/**
 * Getting sympy and mpmath into Pyodide's site-packages. The build writes a
 * manifest next to Pyodide's files (python-packages.json). When the build
 * found the packages (Debian's python3-sympy or a folder of wheels), it packed
 * them, precompiled, into one zip served by the app; otherwise the manifest
 * names the wheels of a Pyodide package index to fetch at first use. Both
 * URLs are resolved against the manifest, so a deployment can re-host either
 * by editing one JSON file, without a rebuild.
 */
import type { Pyodide } from './runner';

export const PACKAGES_MANIFEST = 'python-packages.json';

export interface PackedArchive {
  /** Zip of site-packages content, relative to the manifest. */
  file: string;
  sha256: string;
  bytes: number;
  /** name → version, for display and the benchmarks. */
  packages: Record<string, string>;
}

export interface IndexWheel {
  name: string;
  version: string;
  file: string;
  sha256: string;
}

export interface PackagesManifest {
  version: 1;
  archive: PackedArchive | null;
  /** The fallback: wheels from a Pyodide package index (absolute, or relative to the manifest). */
  index: { url: string; wheels: IndexWheel[] };
}

/** Reads bytes from a URL; the browser worker caches, the Node worker reads files. */
export interface ByteSource {
  bytes(url: string): Promise<Uint8Array>;
}

export interface InstalledPackages {
  from: 'archive' | 'index';
  packages: Record<string, string>;
}

export type PackagesProgress = (loaded: number, total: number) => void;

export function isPackagesManifest(value: unknown): value is PackagesManifest {
  const v = value as Partial<PackagesManifest> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.version === 1 &&
    typeof v.index?.url === 'string' &&
    Array.isArray(v.index.wheels)
  );
}

export async function installPackages(
  pyodide: Pyodide,
  manifest: PackagesManifest,
  manifestUrl: string,
  source: ByteSource,
  onProgress?: PackagesProgress,
): Promise<InstalledPackages> {
  const sitePackages = String(
    pyodide.runPython('import sysconfig\nsysconfig.get_paths()["purelib"]'),
  );
  if (manifest.archive) {
    const { archive } = manifest;
    onProgress?.(0, archive.bytes);
    const bytes = await source.bytes(new URL(archive.file, manifestUrl).href);
    await verify(bytes, archive.sha256, archive.file);
    onProgress?.(bytes.byteLength, archive.bytes);
    pyodide.unpackArchive(bytes, 'zip', { extractDir: sitePackages });
    return { from: 'archive', packages: archive.packages };
  }
  const base = new URL(ensureSlash(manifest.index.url), manifestUrl).href;
  const packages: Record<string, string> = {};
  let done = 0;
  for (const wheel of manifest.index.wheels) {
    onProgress?.(done, manifest.index.wheels.length);
    const bytes = await source.bytes(new URL(wheel.file, base).href);
    await verify(bytes, wheel.sha256, wheel.file);
    pyodide.unpackArchive(bytes, 'wheel', { extractDir: sitePackages });
    packages[wheel.name] = wheel.version;
    done++;
  }
  onProgress?.(done, manifest.index.wheels.length);
  pyodide.runPython('import importlib\nimportlib.invalidate_caches()');
  return { from: 'index', packages };
}

async function verify(bytes: Uint8Array, sha256: string, name: string): Promise<void> {
  // crypto.subtle exists only in secure contexts; a school LAN over plain http has none.
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || !sha256) return;
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  if (hex !== sha256.toLowerCase()) {
    throw new Error(`${name} does not match its checksum (a stale or corrupted copy).`);
  }
}

function ensureSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
