/**
 * The layering of docs/architecture.md, checked on every import under src/
 * rather than kept by discipline: imports point down only, and no file
 * reaches itself through its imports.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers } from './imports';

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');

/** What each layer may import besides itself (paths relative to src/, as prefixes). */
const ALLOWED: Record<string, (target: string) => boolean> = {
  core: () => false,
  engines: (target) => target.startsWith('core/'),
  embed: (target) => target.startsWith('core/'),
  // The UI knows an engine only through its client and protocol (their types and interface).
  app: (target) =>
    target.startsWith('core/') ||
    target === 'embed/protocol.ts' ||
    /^engines\/\w+\/(client|protocol)\.ts$/.test(target),
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

interface Edge {
  target: string;
  /** `import type …`: gone at run time, so it cannot take part in a cycle. */
  typeOnly: boolean;
}

function resolve(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier.replace(/\?.*$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return base;
}

function edges(file: string): Edge[] {
  return importSpecifiers(readFileSync(file, 'utf8'))
    .filter(({ specifier }) => specifier.startsWith('.'))
    .map(({ specifier, typeOnly }) => ({ target: resolve(file, specifier), typeOnly }));
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, edges(file)]));
const rel = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

describe('layers', () => {
  it('has the files it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect([...graph.values()].flat().length).toBeGreaterThan(200);
  });

  it('imports point down only, and nothing under src/ imports scripts/, e2e/ or bench/', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const layer = rel(file).split('/')[0] ?? '';
      for (const { target } of targets) {
        const to = path.relative(SRC, target).split(path.sep).join('/');
        if (to.startsWith('../')) {
          if (!/\.(css|json)$/.test(to)) wrong.push(`${rel(file)} → ${to}`);
          continue;
        }
        const allowed = ALLOWED[layer];
        if (to.split('/')[0] === layer || !allowed || allowed(to)) continue;
        wrong.push(`${rel(file)} → ${to}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle (type-only imports aside: they are gone at run time)', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map(rel).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const edge of graph.get(file) ?? []) {
        if (!edge.typeOnly) visit(edge.target, [...trail, file]);
      }
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
