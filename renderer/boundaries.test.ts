// The renderer talks to the archive only through the contract: from our own code it imports
// types (from core/api.ts and core/types.ts) and nothing else (DESIGN.md, "Layout") — except the
// index's query parser and text matcher, pure code that imports nothing of ours, so that the reader
// marks exactly what search matched without a second copy of it, and the placement of highlights
// on PDF pages, so that the reader draws them where the exported PDF puts them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Pure modules of core the renderer may import whole: they import nothing but each other (and types). */
const SHARED = ['core/search/text-match.ts', 'core/search/unicode61-table.ts', 'core/search/query.ts', 'core/search/unicode61.ts', 'core/anchoring/pdf-quads.ts'];

describe('the renderer', () => {
  it('imports only types, and only from the contract, from the rest of the repository', () => {
    const offences: string[] = [];
    for (const file of sources(here)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/^\s*import\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm)) {
        const target = match[2]!;
        if (!target.startsWith('.')) continue;
        const resolved = path.resolve(path.dirname(file), target);
        if (resolved.startsWith(here + path.sep)) continue;
        const rel = path.relative(path.dirname(here), resolved);
        if (SHARED.includes(rel)) continue;
        if (!match[1] || (rel !== 'core/api.ts' && rel !== 'core/types.ts')) offences.push(`${path.relative(here, file)} → ${rel}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('may import only pure modules of core whole: ones that import nothing but each other', () => {
    const root = path.dirname(here);
    for (const rel of SHARED) {
      const text = fs.readFileSync(path.join(root, rel), 'utf8');
      for (const match of text.matchAll(/^\s*import\s+(?!type\s)[^'";]*?from\s+['"]([^'"]+)['"]/gm)) {
        const target = path.relative(root, path.resolve(path.dirname(path.join(root, rel)), match[1]!));
        expect(SHARED, `${rel} imports ${match[1]}`).toContain(target);
      }
    }
  });
});
