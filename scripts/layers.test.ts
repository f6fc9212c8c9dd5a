// The layering of DESIGN.md, enforced: dependency-cruiser checks every import of the sources
// (TypeScript and Svelte) against the rules in .dependency-cruiser.cjs.
import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise } from 'dependency-cruiser';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const config = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs')) as { forbidden: unknown[]; options: object };

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
