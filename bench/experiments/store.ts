// Where Pith's text import spends its time, piece by piece, on the same texts (extracted once,
// before any timing): Pith's own storeNewDocument with one transaction per document (what import
// does) and with several documents per transaction; the same without the FTS5 prefix indexes, and
// the originals
// written with and without fsync; extraction alone; and the bare FTS5 floor in-process, with the
// same settings one at a time (WAL, prefix indexes, a transaction per document).
// Not part of the suite; the figures back the proposals in bench/README.md.
//   node bin/run-ts.js bench/experiments/store.ts [--docs 5000] [--only NAME,...]
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { ensureCorpus } from '../corpus.ts';
import { openDatabase } from '../../db/open.ts';
import { migrations } from '../../db/migrations.ts';
import { sha256Hex, storeBlob } from '../../db/blobs.ts';
import { startBatch } from '../../db/imports.ts';
import { extract, type Extracted } from '../../core/import/extract/index.ts';
import { storeNewDocument } from '../../core/import/store.ts';
import { cpuNow, fmt, freshDir, WORK_DIR } from '../lib/util.ts';

const argv = process.argv.slice(2);
const docsArg = argv.indexOf('--docs');
const n = docsArg >= 0 ? Number(argv[docsArg + 1]) : 5000;
const onlyArg = argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set(argv[onlyArg + 1]!.split(',')) : null;
const corpus = ensureCorpus(Math.max(n, 5000));
const dir = freshDir(path.join(WORK_DIR, 'experiments', 'store'));

const files = corpus.docs.slice(0, n).map((d) => path.join(corpus.dir, d.file));
const bytes = files.map((f) => new Uint8Array(fs.readFileSync(f)));
let t = performance.now();
let c = cpuNow();
const extracted: Extracted[] = [];
for (const [i, f] of files.entries()) extracted.push(await extract(path.basename(f), bytes[i]!));
const rows: string[][] = [['extract() of every file, one thread (what the workers do)', fmt(n / ((performance.now() - t) / 1000), 0), fmt((cpuNow() - c) / 1000, 2)]];
const shas = bytes.map((b) => sha256Hex(b));

function measure(name: string, label: string, run: () => void | Promise<void>): Promise<void> | void {
  if (only && !only.has(name)) return;
  const t0 = performance.now();
  const c0 = cpuNow();
  const done = () => {
    const ms = performance.now() - t0;
    rows.push([`${label} [${name}]`, fmt(n / (ms / 1000), 0), fmt((cpuNow() - c0) / 1000, 2)]);
    process.stderr.write(`${name}: ${fmt(n / (ms / 1000), 0)} docs/s\n`);
  };
  const r = run();
  if (r instanceof Promise) return r.then(done);
  done();
}

function meta(i: number, batchId: number) {
  return { sha256: shas[i]!, size: bytes[i]!.byteLength, sourcePath: files[i]!, batchId, path: files[i]! };
}

function storeAll(archive: string, perTransaction: number, schema = migrations, savepoints = true): void {
  const db = openDatabase(freshDir(archive), { migrations: schema });
  if (!savepoints) {
    // What a write queue without a savepoint per document does: a transaction opened inside the
    // group's runs inline (FTS5 flushes its pending terms to a new segment at every savepoint).
    const original = db.transaction.bind(db);
    (db as { transaction: unknown }).transaction = ((fn: (...a: unknown[]) => unknown) => {
      const wrapped = original(fn);
      return (...a: unknown[]) => (db.inTransaction ? fn(...a) : wrapped(...a));
    }) as unknown;
  }
  const batchId = startBatch(db);
  for (let i = 0; i < n; i += perTransaction) {
    const chunk = () => {
      // (storeNewDocument opens its own transaction: a savepoint inside this one.)
      for (let j = i; j < Math.min(n, i + perTransaction); j++) {
        const uuid = randomUUID();
        storeNewDocument(db, uuid, extracted[j]!, meta(j, batchId));
      }
    };
    if (perTransaction === 1) chunk();
    else db.transaction(chunk)();
  }
  db.close();
}

const noPrefix = migrations.map((m) => ({ ...m, sql: m.sql.replace(/,\s*prefix='2 3'/g, '') }));
if (noPrefix[0]!.sql === migrations[0]!.sql) process.stderr.write('note: the schema has no prefix= option to remove\n');

await measure('per-doc', 'storeNewDocument, one transaction per document (Pith today)', () => storeAll(path.join(dir, 'a'), 1));
await measure('batch-10', 'storeNewDocument, 10 documents per transaction', () => storeAll(path.join(dir, 'b'), 10));
await measure('batch-100', 'storeNewDocument, 100 documents per transaction', () => storeAll(path.join(dir, 'c'), 100));
await measure('batch-200', 'storeNewDocument, 200 documents per transaction, a savepoint each (the write queue today)', () => storeAll(path.join(dir, 'b2'), 200));
await measure('batch-200-nosp', 'the same without the savepoint per document', () => storeAll(path.join(dir, 'b3'), 200, migrations, false));
await measure('batch-200-nosp-noprefix', 'the same without savepoints and without FTS5 prefix indexes', () => storeAll(path.join(dir, 'b4'), 200, noPrefix, false));
await measure('batch-1000', 'storeNewDocument, 1,000 documents per transaction', () => storeAll(path.join(dir, 'd'), 1000));
await measure('noprefix-per-doc', 'the same without FTS5 prefix indexes, one per document', () => storeAll(path.join(dir, 'e'), 1, noPrefix));
await measure('noprefix-batch-100', 'the same without FTS5 prefix indexes, 100 per transaction', () => storeAll(path.join(dir, 'f'), 100, noPrefix));
await measure('blob-fsync', "storeBlob for every original (db/blobs.ts as it is: temp file + rename)", () => {
  const archive = freshDir(path.join(dir, 'g'));
  for (let i = 0; i < n; i++) storeBlob(archive, shas[i]!, bytes[i]!);
});
await measure('blob-nofsync', 'temp file + rename, no fsync', () => {
  const archive = freshDir(path.join(dir, 'h'));
  for (let i = 0; i < n; i++) {
    const target = path.join(archive, 'files', shas[i]!.slice(0, 2), shas[i]!);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(`${target}.tmp`, bytes[i]!);
    fs.renameSync(`${target}.tmp`, target);
  }
});
await measure('blob-async-fsync', 'temp file + fsync + rename, async (libuv pool), 8 at a time', async () => {
  const archive = freshDir(path.join(dir, 'i'));
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const target = path.join(archive, 'files', shas[i]!.slice(0, 2), shas[i]!);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const fh = await fs.promises.open(`${target}.tmp`, 'w');
      await fh.writeFile(bytes[i]!);
      await fh.sync();
      await fh.close();
      await fs.promises.rename(`${target}.tmp`, target);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
});
function floor(sub: string, options: { prefix?: boolean; wal?: boolean; perTransaction?: number }): void {
  const db = new Database(path.join(freshDir(path.join(dir, sub)), 'floor.db'));
  if (options.wal) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.exec(`CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61 remove_diacritics 2'${options.prefix ? ", prefix='2 3'" : ''})`);
  const insert = db.prepare('INSERT INTO docs (title, body) VALUES (?, ?)');
  const per = options.perTransaction ?? n;
  for (let i = 0; i < n; i += per) {
    db.transaction(() => {
      for (let j = i; j < Math.min(n, i + per); j++) insert.run(extracted[j]!.title, extracted[j]!.text);
    })();
  }
  db.close();
}
await measure('floor', 'bare FTS5 table, one transaction (the floor, texts already read)', () => floor('j', {}));
await measure('floor-wal', 'the floor in WAL mode, synchronous NORMAL (as Pith opens archives)', () => floor('k', { wal: true }));
await measure('floor-prefix', "the floor with prefix='2 3' (as Pith's index)", () => floor('l', { prefix: true }));
await measure('floor-per-doc', 'the floor, WAL, one transaction per document', () => floor('m', { wal: true, perTransaction: 1 }));
await measure('floor-prefix-per-doc', "the floor, WAL, prefix='2 3', one transaction per document", () => floor('o', { wal: true, prefix: true, perTransaction: 1 }));

console.log(`${n} documents of the corpus (${corpus.name}); texts extracted beforehand.\n`);
console.log('| Step | Docs/s | CPU (s) |\n| --- | ---: | ---: |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
fs.rmSync(dir, { recursive: true, force: true });
