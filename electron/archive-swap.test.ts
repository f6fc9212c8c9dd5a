import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planRestore, swapInRestored } from './archive-swap.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-swap-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const when = new Date('2026-03-11T09:30:15.250Z');

describe('restoring over the open archive', () => {
  it('plans a hidden staging folder and a dated name for the old archive, beside it', () => {
    const archive = path.join(dir, 'Pith');
    const plan = planRestore(archive, when);
    expect(path.dirname(plan.staging)).toBe(dir);
    expect(path.basename(plan.staging)).toMatch(/^\.Pith\.restoring-2026-03-11-09-30-15-\d+$/);
    expect(plan.previous).toBe(path.join(dir, 'Pith before restore 2026-03-11-09-30-15'));
  });

  it('never plans to overwrite an earlier kept archive', () => {
    const archive = path.join(dir, 'Pith');
    fs.mkdirSync(path.join(dir, 'Pith before restore 2026-03-11-09-30-15'));
    expect(planRestore(archive, when).previous).toBe(path.join(dir, 'Pith before restore 2026-03-11-09-30-15 (2)'));
  });

  it('swaps the restored folder in and keeps the old archive', () => {
    const archive = path.join(dir, 'Pith');
    fs.mkdirSync(archive);
    fs.writeFileSync(path.join(archive, 'pith.db'), 'old');
    const plan = planRestore(archive, when);
    fs.mkdirSync(plan.staging);
    fs.writeFileSync(path.join(plan.staging, 'pith.db'), 'restored');
    swapInRestored(archive, plan);
    expect(fs.readFileSync(path.join(archive, 'pith.db'), 'utf8')).toBe('restored');
    expect(fs.readFileSync(path.join(plan.previous, 'pith.db'), 'utf8')).toBe('old');
    expect(fs.existsSync(plan.staging)).toBe(false);
  });

  it('works when there was no archive yet', () => {
    const archive = path.join(dir, 'Pith');
    const plan = planRestore(archive, when);
    fs.mkdirSync(plan.staging);
    swapInRestored(archive, plan);
    expect(fs.existsSync(archive)).toBe(true);
    expect(fs.existsSync(plan.previous)).toBe(false);
  });

  it('puts the old archive back when the restored folder cannot be moved in', () => {
    const archive = path.join(dir, 'Pith');
    fs.mkdirSync(archive);
    fs.writeFileSync(path.join(archive, 'pith.db'), 'old');
    const plan = planRestore(archive, when); // staging never made
    expect(() => swapInRestored(archive, plan)).toThrow();
    expect(fs.readFileSync(path.join(archive, 'pith.db'), 'utf8')).toBe('old');
    expect(fs.existsSync(plan.previous)).toBe(false);
  });
});
