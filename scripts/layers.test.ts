// The layering of DESIGN.md, enforced: dependency-cruiser checks every import of the sources
// (TypeScript and Svelte) against the rules in .dependency-cruiser.cjs.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
import path from 'node:path';
import { cruise } from 'dependency-cruiser';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const config = require(path.join(root, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: object };

it('keeps the layers apart: db, core, the shells and the renderer import only what DESIGN.md allows', { timeout: 120_000 }, async () => {
  const cwd = process.cwd();
  process.chdir(root); // rules name paths relative to the repository
  try {
    const result = await cruise(['db', 'core', 'cli', 'electron', 'renderer'], {
      ...config.options,
      ruleSet: { forbidden: config.forbidden },
      validate: true,
    } as Parameters<typeof cruise>[1]);
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number } };
    expect(output.summary.totalCruised).toBeGreaterThan(200);
    expect(output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  } finally {
    process.chdir(cwd);
  }
});

it('keeps all SQL in db/: no statement is prepared, executed or pragma set anywhere else', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'fixtures' && entry.name !== 'test-support') walk(full);
      } else if (/\.ts$/.test(entry.name) && !/\.test\.ts$|^test-/.test(entry.name)) {
        const text = fs.readFileSync(full, 'utf8');
        if (/\.prepare\(\s*['"`]|\.pragma\(|\bdb\.exec\(/.test(text)) offenders.push(path.relative(root, full));
      }
    }
  };
  for (const dir of ['core', 'cli', 'electron']) walk(path.join(root, dir));
  // The generator of the unicode61 table asks SQLite itself how FTS5 folds; it is a script, not the app.
  expect(offenders.filter((f) => f !== 'core/search/unicode61-gen.ts')).toEqual([]);
});
