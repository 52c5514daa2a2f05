/**
 * The module specifiers a TypeScript file imports, read from its text: static
 * imports and re-exports (`import type` marked as such, since it is gone at
 * run time), side-effect imports and dynamic imports. For the checks on
 * layers and dependencies (scripts/*.test.ts); a regular expression is enough
 * because the code is formatted by Biome.
 */
export interface ImportSpecifier {
  specifier: string;
  typeOnly: boolean;
}

const STATEMENT =
  /^\s*(import|export)\s+(type\s+)?[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

export function importSpecifiers(text: string): ImportSpecifier[] {
  const found: ImportSpecifier[] = [];
  for (const match of text.matchAll(STATEMENT)) {
    const specifier = match[3] ?? match[4] ?? match[5];
    if (specifier) found.push({ specifier, typeOnly: match[2] !== undefined });
  }
  return found;
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for relative and node: ones. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
