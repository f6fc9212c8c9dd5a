// Why grouped commits barely speed up Pith's import: FTS5 writes its pending terms out as a new
// segment whenever a savepoint opens or closes — and a statement that fires a trigger writing into
// FTS5 (or an INSERT … SELECT into it) runs in a statement savepoint of its own. So with the AFTER
// INSERT trigger of migration 1, or with a savepoint per document (WriteQueue), every document still
// costs FTS5 a segment flush and its merges, as if it were committed alone.
//
// Pith's table shapes (documents + external-content documents_fts with prefix='2 3', WAL), the same
// texts, groups of 200 documents per transaction; only the way the FTS5 row is written changes.
// Not part of the suite.
//   node bin/run-ts.js bench/experiments/fts-flush.ts [--docs 20000] [--no-prefix | --prefix '2 3'] [--only MODE,...] [--group 200]
//     [--hashsize BYTES] [--automerge N] [--crisismerge N]   (FTS5 settings)
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensureCorpus } from '../corpus.ts';
import { cpuNow, fmt, freshDir, WORK_DIR } from '../lib/util.ts';

const argv = process.argv.slice(2);
const docsAt = argv.indexOf('--docs');
const n = docsAt >= 0 ? Number(argv[docsAt + 1]) : 20000;
const prefixAt = argv.indexOf('--prefix');
const prefix = argv.includes('--no-prefix') ? '' : `, prefix='${prefixAt >= 0 ? argv[prefixAt + 1] : '2 3'}'`;
const corpus = ensureCorpus(Math.max(n, 5000));
const texts = corpus.docs.slice(0, n).map((d) => fs.readFileSync(path.join(corpus.dir, d.file), 'utf8'));
const groupAt = argv.indexOf('--group');
const GROUP = groupAt >= 0 ? Number(argv[groupAt + 1]) : 200;

type Mode = 'trigger' | 'trigger-savepoint' | 'values' | 'values-savepoint' | 'select';
const LABELS: Record<Mode, string> = {
  trigger: 'AFTER INSERT trigger writes the FTS5 row (migration 1), no savepoints',
  'trigger-savepoint': 'AFTER INSERT trigger, a savepoint per document (Pith today: WriteQueue)',
  select: 'explicit INSERT INTO documents_fts … SELECT FROM documents',
  'values-savepoint': 'explicit INSERT INTO documents_fts … VALUES, a savepoint per document',
  values: 'explicit INSERT INTO documents_fts … VALUES, no savepoints',
};

const rows: string[] = [];
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set(argv[onlyAt + 1]!.split(',')) : null;
for (const mode of Object.keys(LABELS) as Mode[]) {
  if (only && !only.has(mode)) continue;
  const db = new Database(path.join(freshDir(path.join(WORK_DIR, 'experiments', 'fts-flush', mode)), 'x.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT, authors TEXT, body TEXT, tags_text TEXT);
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, authors, body, tags_text, content='documents', content_rowid='id',
      tokenize='unicode61 remove_diacritics 2'${prefix});`);
  for (const setting of ['hashsize', 'automerge', 'crisismerge']) {
    const at = argv.indexOf(`--${setting}`);
    if (at >= 0) db.exec(`INSERT INTO documents_fts(documents_fts, rank) VALUES ('${setting}', ${Number(argv[at + 1])})`);
  }
  if (mode.startsWith('trigger'))
    db.exec(`CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
      INSERT INTO documents_fts(rowid, title, authors, body, tags_text) VALUES (new.id, new.title, new.authors, new.body, new.tags_text); END;`);
  const doc = db.prepare('INSERT INTO documents (id, title, authors, body, tags_text) VALUES (?, ?, ?, ?, ?)');
  const values = db.prepare('INSERT INTO documents_fts (rowid, title, authors, body, tags_text) VALUES (?, ?, ?, ?, ?)');
  const select = db.prepare('INSERT INTO documents_fts (rowid, title, authors, body, tags_text) SELECT id, title, authors, body, tags_text FROM documents WHERE id = ?');
  const write = (j: number) => {
    const title = texts[j]!.slice(0, 60);
    doc.run(j + 1, title, '[]', texts[j], '');
    if (mode.startsWith('values')) values.run(j + 1, title, '[]', texts[j], '');
    if (mode === 'select') select.run(j + 1);
  };
  const savepoint = mode.endsWith('savepoint');
  const c0 = cpuNow();
  const t0 = performance.now();
  for (let i = 0; i < n; i += GROUP) {
    db.transaction(() => {
      for (let j = i; j < Math.min(n, i + GROUP); j++) {
        if (savepoint) db.transaction(write)(j);
        else write(j);
      }
    })();
  }
  db.close();
  const ms = performance.now() - t0;
  rows.push(`| ${LABELS[mode]} | ${fmt(n / (ms / 1000), 0)} | ${fmt((cpuNow() - c0) / 1000, 2)} |`);
  process.stderr.write(`${mode}: ${fmt(n / (ms / 1000), 0)} docs/s\n`);
}
console.log(`${n} documents in groups of ${GROUP} per transaction${prefix || ', no prefix indexes'}.\n`);
console.log('| How the FTS5 row is written | Docs/s | CPU (s) |\n| --- | ---: | ---: |');
for (const r of rows) console.log(r);
fs.rmSync(path.join(WORK_DIR, 'experiments', 'fts-flush'), { recursive: true, force: true });
