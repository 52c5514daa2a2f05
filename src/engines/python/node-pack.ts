/**
 * Packs sympy and mpmath for Pyodide into one zip that is unpacked into
 * site-packages at load. Sources, in order: an explicit folder (option or
 * PYTHON_PACKAGES_SOURCE), else Debian's python3-sympy under
 * /usr/lib/python3/dist-packages. A folder may hold either package
 * directories (a dist-packages) or Pyodide wheels (sympy-*.whl, mpmath-*.whl).
 *
 * Modules are compiled to bytecode by Pyodide itself (so for its exact
 * Python) and shipped without sources: importing sympy then takes ~1 s
 * instead of ~4 s, on every cold start and every restart after a timeout.
 * Tests and benchmarks are left out. The result is cached under
 * node_modules/.cache, keyed by the source files and the Pyodide version.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PackagesManifest } from './packages';
import type { Pyodide } from './runner';

const require = createRequire(import.meta.url);
export const PYODIDE_DIR = `${path.dirname(require.resolve('pyodide/package.json'))}${path.sep}`;
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'math-tutor', 'python');
const DEBIAN_DIST_PACKAGES = '/usr/lib/python3/dist-packages';
const PACKAGES = ['sympy', 'mpmath'] as const;
const SKIPPED_DIRS = new Set(['tests', 'benchmarks', '__pycache__']);
/** Bump when the archive layout changes, to invalidate caches. */
const FORMAT = 3;

export interface PackageSource {
  kind: 'dist-packages' | 'wheels';
  dir: string;
}

export interface PackResult {
  zipPath: string;
  manifestPath: string;
  manifest: PackagesManifest & { archive: NonNullable<PackagesManifest['archive']> };
  /** False when the cached archive was reused. */
  built: boolean;
}

export interface PackOptions {
  source?: string;
  cacheDir?: string;
  log?: (message: string) => void;
}

/** Where the packages come from, or null when this machine has none. */
export async function findPackageSource(explicit?: string): Promise<PackageSource | null> {
  const candidates = [explicit, process.env.PYTHON_PACKAGES_SOURCE, DEBIAN_DIST_PACKAGES].filter(
    (dir): dir is string => Boolean(dir),
  );
  for (const dir of candidates) {
    if (!existsSync(dir)) {
      if (dir !== DEBIAN_DIST_PACKAGES) throw new Error(`${dir} does not exist.`);
      continue;
    }
    const names = await readdir(dir);
    if (PACKAGES.every((p) => names.some((n) => n.startsWith(`${p}-`) && n.endsWith('.whl')))) {
      return { kind: 'wheels', dir };
    }
    if (PACKAGES.every((p) => names.includes(p))) return { kind: 'dist-packages', dir };
    if (dir !== DEBIAN_DIST_PACKAGES) {
      throw new Error(`${dir} holds neither sympy/ and mpmath/ nor sympy-*.whl and mpmath-*.whl.`);
    }
  }
  return null;
}

/** The wheels a build without a packed archive fetches from the index (from Pyodide's lock file). */
export async function indexWheels(): Promise<PackagesManifest['index']['wheels']> {
  const lock = JSON.parse(await readFile(path.join(PYODIDE_DIR, 'pyodide-lock.json'), 'utf8')) as {
    packages: Record<string, { file_name: string; sha256: string; version: string }>;
  };
  // Dependencies first: sympy needs mpmath at import.
  return ['mpmath', 'sympy'].map((name) => {
    const entry = lock.packages[name];
    if (!entry) throw new Error(`Pyodide's lock file has no ${name}.`);
    return { name, version: entry.version, file: entry.file_name, sha256: entry.sha256 };
  });
}

export async function pyodideVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(PYODIDE_DIR, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Pyodide's official package index for this version: the default fallback. */
export async function defaultIndexUrl(): Promise<string> {
  return `https://cdn.jsdelivr.net/pyodide/v${await pyodideVersion()}/full/`;
}

/** Builds (or reuses) the packed archive; null when no source is available. */
export async function ensurePythonPackages(options: PackOptions = {}): Promise<PackResult | null> {
  const source = await findPackageSource(options.source);
  if (!source) return null;
  const cacheDir = options.cacheDir ?? CACHE_DIR;
  const files = await listSourceFiles(source);
  const version = await pyodideVersion();
  const key = createHash('sha256')
    .update(JSON.stringify({ FORMAT, version, source, files }))
    .digest('hex')
    .slice(0, 16);
  const zipPath = path.join(cacheDir, `python-packages-${key}.zip`);
  const manifestPath = path.join(cacheDir, `python-packages-${key}.json`);
  await mkdir(cacheDir, { recursive: true });
  let built = false;
  if (!existsSync(manifestPath)) {
    built = await withLock(path.join(cacheDir, `${key}.lock`), async () => {
      if (existsSync(manifestPath)) return false;
      options.log?.(`Packing ${PACKAGES.join(' and ')} from ${source.dir} for Pyodide ${version}…`);
      const started = Date.now();
      const { zip, packages } = await buildArchive(source, files);
      const sha256 = createHash('sha256').update(zip).digest('hex');
      const manifest: PackResult['manifest'] = {
        version: 1,
        archive: { file: path.basename(zipPath), sha256, bytes: zip.byteLength, packages },
        index: { url: await defaultIndexUrl(), wheels: await indexWheels() },
      };
      await writeAtomic(zipPath, zip);
      await writeAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
      options.log?.(
        `Packed ${Object.entries(packages)
          .map(([n, v]) => `${n} ${v}`)
          .join(
            ', ',
          )} (${(zip.byteLength / 2 ** 20).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
      return true;
    });
  }
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as PackResult['manifest'];
  return { zipPath, manifestPath, manifest, built };
}

/** [relative path, size, mtime] of every file that goes in, for the cache key. */
async function listSourceFiles(source: PackageSource): Promise<[string, number, number][]> {
  const out: [string, number, number][] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(source.dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(child);
      } else if (entry.isFile() && !entry.name.endsWith('.pyc')) {
        const info = await stat(path.join(source.dir, child));
        out.push([child, info.size, Math.round(info.mtimeMs)]);
      }
    }
  };
  const top = await readdir(source.dir);
  const wanted = (name: string) =>
    source.kind === 'wheels'
      ? PACKAGES.some((p) => name.startsWith(`${p}-`) && name.endsWith('.whl'))
      : PACKAGES.some((p) => name === p || name.startsWith(`${p}-`));
  for (const name of top.filter(wanted).sort()) {
    const info = await stat(path.join(source.dir, name));
    if (info.isDirectory()) await walk(name);
    else out.push([name, info.size, Math.round(info.mtimeMs)]);
  }
  return out;
}

const STAGE = '/tmp/pack/site';

async function buildArchive(
  source: PackageSource,
  files: [string, number, number][],
): Promise<{ zip: Uint8Array; packages: Record<string, string> }> {
  const { loadPyodide } = await import('pyodide');
  const pyodide: Pyodide = await loadPyodide({
    indexURL: PYODIDE_DIR,
    stdout: () => {},
    stderr: () => {},
  });
  pyodide.FS.mkdirTree(STAGE);
  for (const [rel] of files) {
    const bytes = await readFile(path.join(source.dir, rel));
    const target = source.kind === 'wheels' ? `/tmp/pack/${rel}` : `${STAGE}/${rel}`;
    pyodide.FS.mkdirTree(path.posix.dirname(target));
    pyodide.FS.writeFile(target, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  const [zipFile, versions] = pyodide.runPython(PACK_PY).toJs() as [string, unknown];
  const packages = Object.fromEntries(
    versions instanceof Map ? versions : Object.entries(versions as Record<string, string>),
  ) as Record<string, string>;
  return { zip: pyodide.FS.readFile(zipFile), packages };
}

/** Runs inside Pyodide: unpack wheels, compile to sourceless bytecode, zip deterministically. */
const PACK_PY = String.raw`
import glob, os, py_compile, re, sysconfig, zipfile, warnings
stage = "${STAGE}"
skipped = {"tests", "benchmarks", "__pycache__"}
for wheel in sorted(glob.glob("/tmp/pack/*.whl")):
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            if not skipped.intersection(name.split("/")[:-1]):
                z.extract(name, stage)
def version_of(package):
    for meta in glob.glob(os.path.join(stage, package + "-*.dist-info", "METADATA")):
        m = re.search(r"^Version: (.+)$", open(meta).read(), re.M)
        if m:
            return m.group(1).strip()
    for rel in ("release.py", "__init__.py"):
        path = os.path.join(stage, package, rel)
        if os.path.exists(path):
            m = re.search(r"^__version__ = ['\"]([^'\"]+)['\"]", open(path).read(), re.M)
            if m:
                return m.group(1)
    return "unknown"
versions = {p: version_of(p) for p in ("sympy", "mpmath")}
site = sysconfig.get_paths()["purelib"]
warnings.simplefilter("ignore")
for root, dirs, names in os.walk(stage):
    for name in names:
        if not name.endswith(".py"):
            continue
        src = os.path.join(root, name)
        try:
            py_compile.compile(src, cfile=src + "c", dfile=site + src[len(stage):], doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            os.remove(src)
        except py_compile.PyCompileError:
            pass  # Kept as source: importing it raises the real SyntaxError.
out = "/tmp/pack/out.zip"
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for root, dirs, names in os.walk(stage):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            info = zipfile.ZipInfo(os.path.relpath(path, stage), date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(path, "rb") as f:
                z.writestr(info, f.read(), compresslevel=9)
(out, versions)
`;

async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** A lock file shared by processes (parallel test files, a build next to a dev server). */
async function withLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(lockPath).catch(() => ({ mtimeMs: 0 }))).mtimeMs;
      if (age > 5 * 60_000) await rm(lockPath, { force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockPath}.`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}
