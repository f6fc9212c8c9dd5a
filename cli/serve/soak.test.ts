// Soak: `pith serve` (the real command, in a child process) under 20 concurrent clients doing
// search, list, annotate and export, while an import of 2,000 files and a backup run. Every call
// must be answered, none with a 5xx; the archive (and the backup, restored) must pass SQLite's
// integrity_check, the foreign-key check and FTS5's integrity checks; the server's peak RSS must
// stay under RSS_BOUND_MB. Bounded: the clients stop when the import and the backup are done
// (at least MIN_MS, at most MAX_MS). Latencies and RSS are printed, not asserted.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { restore } from '../../core/backup/backup.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLIENTS = 20;
const FILES = 2_000;
const SEEDS = 20;
const MIN_MS = 15_000;
const MAX_MS = 120_000;
/** The server process with its extraction workers; measured peaks are printed. */
const RSS_BOUND_MB = 800;

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-soak-'));
let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(base, { recursive: true, force: true });
});

const WORDS = ['harbor', 'treaty', 'lantern', 'council', 'orbit', 'granite', 'meadow', 'signal', 'pepper', 'summit', 'violet', 'quarry'];
const word = (i: number) => WORDS[i % WORDS.length]!;

function writeCorpus(): { seeds: string; batch: string } {
  const seeds = path.join(base, 'seeds');
  const batch = path.join(base, 'batch');
  fs.mkdirSync(seeds);
  for (let i = 0; i < SEEDS; i += 1)
    fs.writeFileSync(path.join(seeds, `seed-${i}.txt`), `Seed ${i}\n\nThe seed quote number ${i} about the ${word(i)} stays here. Other words follow: ${word(i + 3)} ${word(i + 5)}.\n`);
  for (let f = 0; f < FILES / 100; f += 1) {
    const folder = path.join(batch, `f${String(f).padStart(2, '0')}`);
    fs.mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 100; i += 1) {
      const n = f * 100 + i;
      const body = Array.from({ length: 40 }, (_, k) => word(n * 7 + k * 3)).join(' ');
      const name = n % 5 === 0 ? `note-${n}.md` : `note-${n}.txt`;
      fs.writeFileSync(path.join(folder, name), n % 5 === 0 ? `# Note ${n}\n\n${body}\n` : `Note ${n}\n\n${body} item${n}\n`);
    }
  }
  return { seeds, batch };
}

interface Outcome {
  method: string;
  status: number;
  ms: number;
  error?: string;
}

it('answers 20 clients while importing 2,000 files and backing up, and keeps the archive sound', { timeout: 400_000 }, async () => {
  const { seeds, batch } = writeCorpus();
  const archive = path.join(base, 'archive');
  const renderer = path.join(base, 'renderer');
  fs.mkdirSync(renderer);
  child = spawn(process.execPath, [path.join(ROOT, 'bin/pith.js'), '--archive', archive, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PITH_RENDERER_DIR: renderer, TMPDIR: base },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve) => readline.createInterface({ input: child!.stdout! }).once('line', resolve));
  const origin = new URL(url).origin;
  const token = url.split('#token=')[1]!;

  // Peak RSS of the server process, sampled from /proc (Linux); 0 where there is none.
  let peakRssMb = 0;
  const sample = () => {
    try {
      const status = fs.readFileSync(`/proc/${child!.pid}/status`, 'utf8');
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      peakRssMb = Math.max(peakRssMb, Math.round(kb / 1024));
    } catch {
      // not Linux, or the process ended
    }
  };
  const sampler = setInterval(sample, 200);

  const outcomes: Outcome[] = [];
  async function call(method: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> | null }> {
    const started = performance.now();
    try {
      const res = await fetch(`${origin}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(300_000),
      });
      const json = (await res.json()) as Record<string, unknown>;
      outcomes.push({ method, status: res.status, ms: performance.now() - started });
      return { status: res.status, json };
    } catch (error) {
      outcomes.push({ method, status: 0, ms: performance.now() - started, error: (error as Error).message });
      return { status: 0, json: null };
    }
  }
  async function download(target: string): Promise<Buffer | null> {
    const started = performance.now();
    try {
      const res = await fetch(`${origin}${target}`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(300_000) });
      const bytes = Buffer.from(await res.arrayBuffer());
      outcomes.push({ method: 'download', status: res.status, ms: performance.now() - started });
      return res.status === 200 ? bytes : null;
    } catch (error) {
      outcomes.push({ method: 'download', status: 0, ms: performance.now() - started, error: (error as Error).message });
      return null;
    }
  }

  // Documents the clients annotate and export.
  const seeded = await call('importPaths', { paths: [seeds] });
  expect(seeded.status).toBe(200);
  const seedDocs = ((seeded.json!.value as { results: { documentId: string; path: string }[] }).results ?? []).map((r) => ({
    id: r.documentId,
    n: Number(/seed-(\d+)/.exec(r.path)![1]),
  }));
  expect(seedDocs).toHaveLength(SEEDS);

  const started = Date.now();
  const importing = call('importPaths', { paths: [batch], taskId: 'soak-import' });
  let backupBytes: Buffer | null = null;
  const backingUp = (async () => {
    await new Promise((r) => setTimeout(r, 1_500));
    const reply = await call('backup', {});
    const target = (reply.json as { download?: string } | null)?.download;
    if (target) backupBytes = await download(target);
  })();
  let background = false;
  void Promise.all([importing, backingUp]).then(() => (background = true));

  const client = async (c: number) => {
    for (let i = 0; ; i += 1) {
      const elapsed = Date.now() - started;
      if (elapsed > MAX_MS || (background && elapsed > MIN_MS)) return;
      const seed = seedDocs[(c + i) % SEEDS]!;
      switch ((c + i) % 4) {
        case 0:
          await call('search', { query: word(c + i), limit: 10 });
          break;
        case 1:
          await call('listDocuments', { limit: 25, sort: 'imported', descending: true });
          break;
        case 2:
          await call('addAnnotation', { documentId: seed.id, quote: `seed quote number ${seed.n}`, comment: `client ${c} call ${i}` });
          break;
        default: {
          const reply = await call('exportAnnotations', { format: i % 2 ? 'csv' : 'md', documentIds: [seed.id] });
          const target = (reply.json as { download?: string } | null)?.download;
          if (target) await download(target);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const imported = await importing;
  await backingUp;
  const soakMs = Date.now() - started;
  sample();
  clearInterval(sampler);

  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => (child!.exitCode !== null ? resolve(child!.exitCode) : child!.once('exit', resolve)));

  // What happened, for the record.
  const by = new Map<string, Outcome[]>();
  for (const o of outcomes) by.set(o.method, [...(by.get(o.method) ?? []), o]);
  const pct = (xs: number[], p: number) => Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0);
  const lines = [...by].map(([m, os]) => `${m}: ${os.length} calls, p50 ${pct(os.map((o) => o.ms), 0.5)} ms, p99 ${pct(os.map((o) => o.ms), 0.99)} ms, max ${pct(os.map((o) => o.ms), 1)} ms`);
  console.log(`soak: ${soakMs} ms, ${outcomes.length} calls, peak RSS ${peakRssMb} MB\n  ${lines.join('\n  ')}`);

  const failed = outcomes.filter((o) => o.status === 0 || o.status >= 500);
  expect(failed, JSON.stringify(failed.slice(0, 5))).toEqual([]);
  const refused = outcomes.filter((o) => o.status !== 200);
  expect(refused, JSON.stringify(refused.slice(0, 5))).toEqual([]);
  expect(code).toBe(0);
  expect(stderr).not.toMatch(/Trying to parse|Error:|at \S+ \(/);

  const report = imported.json!.value as { imported: number; duplicates: number; failed: number; cancelled: boolean };
  expect(report).toMatchObject({ failed: 0, cancelled: false });
  expect(report.imported + report.duplicates).toBe(FILES);
  if (peakRssMb > 0) expect(peakRssMb).toBeLessThan(RSS_BOUND_MB);

  const check = (dir: string) => {
    const db = new Database(path.join(dir, 'pith.db'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      for (const fts of ['documents_fts', 'annotations_fts']) {
        db.prepare(`INSERT INTO ${fts}(${fts}) VALUES('integrity-check')`).run();
        db.prepare(`INSERT INTO ${fts}(${fts}, rank) VALUES('integrity-check', 1)`).run();
      }
      return {
        documents: (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n,
        annotations: (db.prepare('SELECT count(*) AS n FROM annotations WHERE suggested = 0').get() as { n: number }).n,
      };
    } finally {
      db.close();
    }
  };
  const final = check(archive);
  expect(final.documents).toBe(SEEDS + FILES);
  const added = outcomes.filter((o) => o.method === 'addAnnotation').length;
  expect(final.annotations).toBe(added);

  // The backup made in the middle of it all restores and is sound too.
  expect(backupBytes).not.toBeNull();
  const backupFile = path.join(base, 'soak-backup.zip');
  fs.writeFileSync(backupFile, backupBytes!);
  const restoredDir = path.join(base, 'restored');
  const restored = await restore(backupFile, restoredDir);
  const copy = check(restoredDir);
  expect(copy.documents).toBe(restored.documents);
  expect(copy.documents).toBeGreaterThanOrEqual(SEEDS);
  // The server's temporary folders are gone with it.
  expect(fs.readdirSync(base).filter((n) => n.startsWith('pith-serve-'))).toEqual([]);
  console.log(`soak: ${final.documents} documents, ${final.annotations} annotations; backup restored with ${copy.documents} documents`);
});
