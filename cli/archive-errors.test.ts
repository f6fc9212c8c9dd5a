// A read-only archive, a full disk, and archives made by older and newer versions of Pith, as a
// user meets them through the `pith` command: one clear line (no stack trace), exit 1, and the
// archive's previous content intact (byte for byte where nothing could be written).
//
// Read-only and full disks are made for real where this machine allows it:
//  - a read-only file system: a tmpfs remounted read-only (needs root and mount);
//  - read-only permissions: the archive's files not writable by the user running `pith` (as
//    root, whom permissions do not stop, `pith` runs as nobody through setpriv);
//  - a full disk: a small tmpfs filled up (needs root and mount);
//  - everywhere: SQLite's max_page_count, which makes the database "full" inside the process.
// Each case says in its name what it needs, and is skipped (with the reason) where it cannot run.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pith } from '../core/pith.ts';
import { migrations } from '../db/migrations.ts';
import { insertDocument } from '../db/documents.ts';
import { latestVersion, openDatabase } from '../db/open.ts';

const root = path.resolve(import.meta.dirname, '..');
const isRoot = process.getuid?.() === 0;
let work: string;

function sh(command: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Whether this process may mount a tmpfs (root in a machine or container that allows it). */
function probeMount(): boolean {
  if (!isRoot || process.platform !== 'linux') return false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-mount-probe-'));
  const ok = sh('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]).ok;
  if (ok) sh('umount', [dir]);
  fs.rmSync(dir, { recursive: true, force: true });
  return ok;
}

/** Whether root can run `pith` as nobody (who must be able to read the repository). */
function probeNobody(): boolean {
  if (!isRoot) return false;
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(path.join(root, 'bin/pith.js'))})`]);
  return r.status === 0;
}

const canMount = probeMount();
const canDropToNobody = probeNobody();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function pith(archive: string, args: string[], options: { asNobody?: boolean } = {}): Run {
  const argv = [path.join(root, 'bin/pith.js'), '--archive', archive, ...args];
  const [command, commandArgs] = options.asNobody
    ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...argv]]
    : [process.execPath, argv];
  const r = spawnSync(command as string, commandArgs as string[], {
    encoding: 'utf8',
    // No debug output (stack traces), no default archive, a writable cache for nobody.
    env: { ...process.env, PITH_ARCHIVE: '', PITH_DEBUG: '', HOME: options.asNobody ? os.tmpdir() : process.env.HOME },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One line on stderr, the way the CLI reports a failure: "pith: …", no stack trace. */
function expectOneClearLine(run: Run, what: RegExp): void {
  const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^pith: /);
  expect(lines[0]).toMatch(what);
  expect(run.stderr).not.toMatch(/\n\s+at |\bat .+:\d+:\d+|Error:/);
  expect(run.code).toBe(1);
}

/** Every file of a folder with its bytes' SHA-256. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** What a user has in an archive: documents, annotations, tags and originals, and its integrity. */
function contents(archive: string): unknown {
  const db = new Database(path.join(archive, 'pith.db'), { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      documents: db.prepare('SELECT uuid, title, sha256, body, updated_at FROM documents ORDER BY uuid').all(),
      annotations: db.prepare('SELECT uuid, kind, exact, text, comment, tags_text, updated_at FROM annotations ORDER BY uuid').all(),
      tags: db.prepare('SELECT name, color FROM tags ORDER BY name').all(),
      originals: Object.entries(snapshot(path.join(archive, 'files')))
        .filter(([name]) => !name.endsWith('.tmp'))
        .sort(),
    };
  } finally {
    db.close();
  }
}

function writeDoc(name: string, title: string, words = 40): string {
  const file = path.join(work, 'docs', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${title}\n\n${'The archive keeps every note about the bridge. '.repeat(words)}\n`);
  return file;
}

/** An archive with two documents, a highlight and a tag (made in-process: faster), then closed. */
async function makeArchive(archive: string): Promise<{ documentId: string }> {
  const pith = Pith.open(archive, { pool: { size: 1 } });
  let documentId: string;
  try {
    const report = await pith.importPaths({ paths: [writeDoc('first.txt', 'First report'), writeDoc('second.txt', 'Second report')] });
    expect(report.imported).toBe(2);
    documentId = report.results[0]!.documentId!;
    await pith.addAnnotation({ documentId, kind: 'highlight', quote: 'every note', occurrence: 1, comment: 'keep this', tags: ['kept'] });
  } finally {
    await pith.close();
  }
  // A clean close leaves no -wal or -shm beside the database.
  expect(fs.readdirSync(archive).sort()).toEqual(['files', 'pith.db']);
  return { documentId };
}

function mountTmpfs(dir: string, size: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const r = sh('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir]);
  if (!r.ok) throw new Error(`mount failed: ${r.out}`);
  mounts.push(dir);
}
const mounts: string[] = [];

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-archive-errors-'));
  fs.chmodSync(work, 0o755); // nobody must reach the archives below it
  console.log(
    `archive errors: read-only file system and full disk through tmpfs: ${canMount ? 'yes' : 'no (not root, or mount is not allowed)'}; ` +
      `read-only permissions: ${isRoot ? (canDropToNobody ? 'yes, as nobody' : 'no (cannot run as nobody)') : 'yes, by chmod'}`,
  );
});
afterAll(() => {
  for (const dir of mounts.splice(0).reverse()) sh('umount', ['-l', dir]);
  fs.rmSync(work, { recursive: true, force: true });
});

// The commands a user may run against an archive they cannot write.
const writeCommands = (documentId: string, newFile: string): string[][] => [
  ['import', newFile],
  ['annotate', documentId, '--text', 'a new takeaway'],
  ['tag', 'rename', 'kept', 'renamed'],
];

describe('a read-only archive', () => {
  describe.runIf(canMount)('on a read-only file system (tmpfs remounted read-only)', () => {
    let archive: string;
    let documentId: string;
    let before: Record<string, string>;
    const runs: Run[] = [];
    beforeAll(async () => {
      const mount = path.join(work, 'ro-fs');
      mountTmpfs(mount, '16m');
      archive = path.join(mount, 'archive');
      ({ documentId } = await makeArchive(archive));
      before = snapshot(archive);
      expect(sh('mount', ['-o', 'remount,ro', mount]).ok).toBe(true);
      const newFile = writeDoc('third.txt', 'Third report');
      for (const args of writeCommands(documentId, newFile)) runs.push(pith(archive, args));
      search = pith(archive, ['search', 'bridge']);
    });
    let search: Run;

    it('refuses every change with one line and exit 1, and leaves every byte as it was', () => {
      for (const run of runs) expectOneClearLine(run, /archive/);
      // Reading could work; today it is refused too (see SECURITY.md, gaps). Either way, cleanly.
      if (search.code === 0) expect(search.stdout).toMatch(/First report|Second report/);
      else expectOneClearLine(search, /archive/);
      expect(snapshot(archive)).toEqual(before);
    });

    // SQLite says only SQLITE_CANTOPEN on a read-only file system; the folder tells why.
    it('says that the archive is read-only', () => {
      for (const run of runs) expect(run.stderr).toMatch(/read-only/);
    });
  });

  describe.runIf(isRoot ? canDropToNobody : process.platform !== 'win32')('without write permission (files not writable by the user)', () => {
    let archive: string;
    let before: Record<string, string>;
    const runs: Run[] = [];
    beforeAll(async () => {
      archive = path.join(work, 'ro-perm', 'archive');
      const { documentId } = await makeArchive(archive);
      if (!isRoot) {
        for (const p of [path.join(archive, 'pith.db'), ...Object.keys(snapshot(path.join(archive, 'files'))).map((f) => path.join(archive, 'files', f))])
          fs.chmodSync(p, 0o444);
        for (const d of [archive, path.join(archive, 'files'), ...fs.readdirSync(path.join(archive, 'files')).map((d) => path.join(archive, 'files', d))])
          fs.chmodSync(d, 0o555);
      }
      fs.chmodSync(path.dirname(archive), 0o755);
      before = snapshot(archive);
      const newFile = writeDoc('fourth.txt', 'Fourth report');
      fs.chmodSync(path.join(work, 'docs'), 0o755);
      for (const args of writeCommands(documentId, newFile)) runs.push(pith(archive, args, { asNobody: isRoot }));
    });
    afterAll(() => {
      if (!isRoot) sh('chmod', ['-R', 'u+w', path.dirname(archive)]);
    });

    it('refuses to write with one line and exit 1, and leaves every byte as it was', () => {
      for (const run of runs) expectOneClearLine(run, /archive/);
      expect(snapshot(archive)).toEqual(before);
    });

    // better-sqlite3 reports extended codes such as SQLITE_READONLY_DIRECTORY.
    it('says that the archive is read-only', () => {
      for (const run of runs) expect(run.stderr).toMatch(/archive is read-only/);
    });
  });
});

describe('a full disk', () => {
  describe.runIf(canMount)('a small tmpfs filled up', () => {
    let leftovers: string[] = [];
    let fullDiskOpen = '';

    it('an import that does not fit, then an annotation on a full disk: clear errors, exit 1, the archive as it was; with room again the import works', async () => {
      const mount = path.join(work, 'full');
      mountTmpfs(mount, '8m');
      const archive = path.join(mount, 'archive');
      const { documentId } = await makeArchive(archive);
      const before = contents(archive);
      const free = () => {
        const s = fs.statfsSync(mount);
        return s.bavail * s.bsize;
      };
      // Leave ~200 KB: a 1 MB original cannot be stored.
      fs.writeFileSync(path.join(mount, 'filler-1'), Buffer.alloc(Math.max(0, free() - 200 * 1024)));
      const bigImport = pith(archive, ['import', writeDoc('big.txt', 'Big report', 22_000)]);
      expect(bigImport.code).toBe(1);
      expect(bigImport.stderr).toMatch(/disk is full/);
      expect(bigImport.stderr).not.toMatch(/\n\s+at |\bat .+:\d+:\d+/);
      for (const line of bigImport.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^(pith: |failed )/);
      leftovers = Object.keys(snapshot(path.join(archive, 'files'))).filter((f) => f.endsWith('.tmp'));

      // Then nothing left at all.
      try {
        fs.writeFileSync(path.join(mount, 'filler-2'), Buffer.alloc(free()));
      } catch {
        /* full */
      }
      const annotate = pith(archive, ['annotate', documentId, '--text', 'x'.repeat(64 * 1024)]);
      expectOneClearLine(annotate, /archive|disk/);
      fullDiskOpen = annotate.stderr;

      // Room again: nothing was lost, and the same import works.
      for (const f of ['filler-1', 'filler-2']) fs.rmSync(path.join(mount, f), { force: true });
      expect(contents(archive)).toEqual(before);
      const again = pith(archive, ['import', path.join(work, 'docs', 'big.txt')]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^1 imported/);
    });

    // When writing an original fails (ENOSPC), its partial temporary file is removed.
    it('leaves no partial temporary file behind', () => {
      expect(leftovers).toEqual([]);
    });

    // With no room at all, SQLite cannot size the WAL index (-shm) and says "disk I/O error";
    // the folder's free space tells why.
    it('says the disk is full when the archive cannot even be opened', () => {
      expect(fullDiskOpen).toMatch(/disk is full/);
    });
  });

  describe('the database full (SQLite max_page_count; runs everywhere)', () => {
    it('fails the document that does not fit with a reason, stores the rest, loses nothing', async () => {
      const archive = path.join(work, 'max-pages');
      const pith = Pith.open(archive, { pool: { size: 1 } });
      try {
        const first = await pith.importPaths({ paths: [writeDoc('small-1.txt', 'Small one', 5)] });
        const id = first.results[0]!.documentId!;
        await pith.addAnnotation({ documentId: id, kind: 'note', text: 'an early note' });
        const pages = pith.db.pragma('page_count', { simple: true }) as number;
        pith.db.pragma(`max_page_count = ${pages}`);
        const beforeDocs = pith.db.prepare('SELECT uuid, body FROM documents ORDER BY id').all();
        const report = await pith.importPaths({ paths: [writeDoc('too-big.txt', 'Too big', 20_000)] });
        expect(report.results[0]).toMatchObject({ status: 'failed', reason: 'the disk is full; the document was not stored' });
        expect(pith.db.prepare('SELECT uuid, body FROM documents ORDER BY id').all()).toEqual(beforeDocs);
        // An annotation that does not fit: an error, and the archive as it was.
        const error = await pith.addAnnotation({ documentId: id, kind: 'note', text: 'y'.repeat(256 * 1024) }).catch((e: unknown) => e as Error & { code?: string });
        expect(error).toBeInstanceOf(Error);
        expect((error as { code?: string }).code).toMatch(/SQLITE_FULL|disk-full|full/);
        const { annotations } = await pith.listAnnotations({ documentId: id });
        expect(annotations.map((a) => a.text)).toEqual(['an early note']);
        expect(pith.db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        await pith.close();
      }
    });
  });
});

describe('archives made by other versions of Pith', () => {
  it('an archive from a newer version: refused in one line, exit 1, left byte-identical', async () => {
    const archive = path.join(work, 'newer');
    await makeArchive(archive);
    const db = new Database(path.join(archive, 'pith.db'));
    db.pragma(`user_version = ${latestVersion() + 1}`);
    db.close();
    const before = snapshot(archive);
    const beforeNames = fs.readdirSync(archive).sort();
    for (const args of [['search', 'bridge'], ['import', writeDoc('fifth.txt', 'Fifth report')]]) {
      const run = pith(archive, args);
      expectOneClearLine(run, /newer version of Pith/);
    }
    expect(fs.readdirSync(archive).sort()).toEqual(beforeNames);
    expect(snapshot(archive)).toEqual(before);
  });

  it('an archive from the first schema: migrated by the next command, after a backup copy that still opens as it was', () => {
    const archive = path.join(work, 'older');
    const v1 = migrations.filter((m) => m.version === 1);
    const db = openDatabase(archive, { migrations: v1 });
    const at = '2025-03-10T00:00:00.000Z';
    insertDocument(db, {
      uuid: '6f1c7d0e-0000-4000-8000-000000000001',
      title: 'An old document',
      authors: '[]',
      published: null,
      source_path: null,
      source_url: null,
      kind: 'txt',
      mime: 'text/plain',
      sha256: 'a'.repeat(64),
      size: 30,
      pages: null,
      page_starts: null,
      body: 'Written when Pith had one schema about the bridge.',
      note: null,
      imported_at: at,
      created_at: at,
      updated_at: at,
    });
    db.close();
    expect(latestVersion()).toBeGreaterThan(1); // else there is nothing to migrate yet
    const run = pith(archive, ['search', '--json', 'bridge']);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { hits: { title: string }[] }).hits.map((h) => h.title)).toEqual(['An old document']);

    const check = new Database(path.join(archive, 'pith.db'), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(latestVersion());
    check.close();
    const backups = fs.readdirSync(archive).filter((f) => /^pith\.db\.v1-.*\.bak$/.test(f));
    expect(backups).toHaveLength(1);
    const backup = new Database(path.join(archive, backups[0]!), { readonly: true });
    try {
      expect(backup.pragma('user_version', { simple: true })).toBe(1);
      expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(backup.prepare('SELECT title FROM documents').all()).toEqual([{ title: 'An old document' }]);
    } finally {
      backup.close();
    }
    // Opening it again migrates nothing more and copies nothing more.
    expect(pith(archive, ['list']).code).toBe(0);
    expect(fs.readdirSync(archive).filter((f) => f.endsWith('.bak'))).toHaveLength(1);
  });
});
