/**
 * package.json says what the code uses: every package imported anywhere in
 * the repository is declared (a transitive copy can change or vanish with
 * any update), and every declared package is imported or has a stated use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, packageOf } from './imports';

const ROOT = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const declared = new Set([
  ...Object.keys(manifest.dependencies),
  ...Object.keys(manifest.devDependencies),
]);

/** Declared packages used without an import, and how. */
const USED_OTHERWISE: Record<string, string> = {
  '@biomejs/biome': 'npm run lint',
  typescript: 'npm run typecheck',
  tsx: 'runs the CLIs and the Node worker threads',
  '@types/node': 'types',
  '@types/react': 'types',
  '@types/react-dom': 'types',
  '@types/markdown-it': 'types',
  '@types/jsdom': 'types',
  '@webgpu/types': 'types',
  'tesseract.js-core': "tesseract's wasm cores, copied by scripts/vite/ocr-assets.ts",
  '@tesseract.js-data/eng': 'language data, resolved by path',
  '@tesseract.js-data/chi_sim': 'language data, resolved by path',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts)$/.test(name) ? [full] : [];
  });
}

const files = [
  ...['src', 'scripts', 'e2e', 'bench'].flatMap((dir) => sourceFiles(path.join(ROOT, dir))),
  ...readdirSync(ROOT)
    .filter((name) => name.endsWith('.config.ts'))
    .map((name) => path.join(ROOT, name)),
];

/** The package of every bare import, with a file that imports it. */
function imported(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files) {
    for (const { specifier } of importSpecifiers(readFileSync(file, 'utf8'))) {
      const name = packageOf(specifier);
      if (name && !found.has(name)) found.set(name, path.relative(ROOT, file));
    }
  }
  return found;
}

describe('package.json', () => {
  const packages = imported();

  it('reads the imports it checks', () => {
    expect(packages.has('react')).toBe(true);
    expect(packages.has('vitest')).toBe(true);
  });

  it('declares every package the code imports', () => {
    const undeclared = [...packages].filter(([name]) => !declared.has(name));
    expect(undeclared.map(([name, file]) => `${name} (${file})`)).toEqual([]);
  });

  it('declares nothing that nothing uses', () => {
    const unused = [...declared].filter((name) => !packages.has(name) && !USED_OTHERWISE[name]);
    expect(unused).toEqual([]);
    expect(Object.keys(USED_OTHERWISE).filter((name) => !declared.has(name))).toEqual([]);
  });
});
