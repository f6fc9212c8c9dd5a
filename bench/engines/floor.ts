// The floor of text import: raw better-sqlite3 inserting the same texts (read from the same files)
// into a bare FTS5 table (unicode61 remove_diacritics 2) in one transaction. Also, with --queries,
// the naive search over that table: bm25 top 20 with snippets.
//   floor.ts --manifest FILE --dir CORPUS_DIR --db FILE [--keep]
//   floor.ts --search --db FILE --queries FILE [--passes N]
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Corpus } from '../corpus.ts';
import type { BenchQuery } from '../queries.ts';
import { naiveFts5Match } from '../queries.ts';
import { arg, reportResult, sizeOnDisk } from '../lib/util.ts';

const argv = process.argv.slice(2);
const dbFile = arg(argv, 'db')!;

if (argv.includes('--search')) {
  const queries = JSON.parse(fs.readFileSync(arg(argv, 'queries')!, 'utf8')) as BenchQuery[];
  const passes = Number(arg(argv, 'passes') ?? 2);
  const db = new Database(dbFile, { readonly: true });
  const stmt = db.prepare(
    `SELECT rowid, title, snippet(docs, 1, '[', ']', '…', 12) AS snippet FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 20`,
  );
  const run = (q: BenchQuery): number => {
    const match = naiveFts5Match(q);
    if (!match) return -1;
    return stmt.all(match).length;
  };
  const timings: number[][] = [];
  const hits: number[] = queries.map(run); // warm-up pass
  for (let p = 0; p < passes; p++) {
    timings.push(
      queries.map((q) => {
        const t = performance.now();
        run(q);
        return performance.now() - t;
      }),
    );
  }
  db.close();
  reportResult({ timings, hits });
} else {
  const corpus = JSON.parse(fs.readFileSync(arg(argv, 'manifest')!, 'utf8')) as Corpus;
  const dir = arg(argv, 'dir')!;
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`]) fs.rmSync(f, { force: true });
  const started = performance.now();
  const db = new Database(dbFile);
  db.exec(`CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')`);
  const insert = db.prepare('INSERT INTO docs (title, body) VALUES (?, ?)');
  db.transaction(() => {
    for (const doc of corpus.docs) {
      const text = fs.readFileSync(`${dir}/${doc.file}`, 'utf8');
      const nl = text.indexOf('\n');
      insert.run(nl > 0 ? text.slice(0, nl) : text.slice(0, 100), text);
    }
  })();
  db.close();
  const ms = performance.now() - started;
  const dbBytes = sizeOnDisk(dbFile);
  if (!argv.includes('--keep')) fs.rmSync(dbFile, { force: true });
  reportResult({ imported: corpus.docs.length, ms, dbBytes });
}
