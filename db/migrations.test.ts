// Released migrations never change: each one's SQL has the checksum recorded here when it was
// released, and together they make exactly the schema in schema.snapshot.sql. A new migration is
// a new numbered file in db/migrations/, its checksum added below, the snapshot updated
// (npx vitest run db/migrations.test.ts -u) and reviewed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from './migrations.ts';
import { openDatabase } from './open.ts';

const RELEASED: Record<number, string> = {
  1: 'd5e5f512ab0e6c2c',
  2: '0c5d0b905237bda9',
  3: 'fa7a5b21831d2281',
  4: '11f0e9c3771bec67',
  5: 'a762261aad1260d4',
  6: '84f8d15d80d727da',
  7: '9f5dc2be5a271a6e',
  8: '1be090ab830fbf31',
};

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex').slice(0, 16);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-migrations-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the migrations', () => {
  it('are numbered 1, 2, 3… without a gap, one file each, named by their number', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    const files = fs.readdirSync(path.join(import.meta.dirname, 'migrations')).filter((f) => /^\d{3}-.*\.ts$/.test(f)).sort();
    expect(files.map((f) => Number(f.slice(0, 3)))).toEqual(migrations.map((m) => m.version));
  });

  it('released ones are as they were released', () => {
    expect(Object.fromEntries(migrations.map((m) => [m.version, checksum(m.sql)]))).toEqual(RELEASED);
  });

  it('make the schema of the snapshot, object by object', async () => {
    const db = openDatabase(dir);
    const rows = db
      .prepare("SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL ORDER BY type, name")
      .all() as { type: string; name: string; tbl: string; sql: string }[];
    db.close();
    const schema = rows.map((r) => `-- ${r.type} ${r.name} (on ${r.tbl})\n${r.sql.replace(/[ \t]+$/gm, '')};\n`).join('\n');
    await expect(schema).toMatchFileSnapshot('./schema.snapshot.sql');
  });
});
