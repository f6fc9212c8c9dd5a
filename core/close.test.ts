// Closing the archive while long work runs (a server stopped by SIGTERM during an import): the
// work stops and settles first, so it never runs on a closed database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { Pith } from './pith.ts';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-close-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

it('stops an import under way and closes cleanly, leaving a sound archive', async () => {
  const folder = path.join(base, 'notes');
  fs.mkdirSync(folder);
  for (let i = 0; i < 400; i += 1) fs.writeFileSync(path.join(folder, `n${i}.txt`), `note ${i} about the harbor and its cranes`);
  const archive = path.join(base, 'archive');
  const api = Pith.open(archive, { upgrade: false });
  let progressed!: () => void;
  const started = new Promise<void>((resolve) => (progressed = resolve));
  const importing = api.importPaths({ paths: [folder] }, { onProgress: () => progressed() });
  await started;
  const errors: unknown[] = [];
  const logged = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    await api.close();
  } finally {
    console.error = logged;
  }
  // The import ends as cancelled (or finished), never with the closed connection's TypeError.
  const outcome = await importing.then(
    (report) => ({ ok: true as const, imported: report.imported }),
    (error: Error) => ({ ok: false as const, message: error.message }),
  );
  if (!outcome.ok) expect(outcome.message).not.toMatch(/connection is not open/);
  expect(errors).toEqual([]);
  const db = new Database(path.join(archive, 'pith.db'), { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const documents = (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  if (outcome.ok) expect(documents).toBe(outcome.imported);
  db.close();
});
