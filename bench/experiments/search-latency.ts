// Search latency benchmark over a synthetic archive (not a test; nothing here is committed but the code).
//
//   node bin/run-ts.js bench/experiments/search-latency.ts build DIR [DOCS]   # default 100,000 documents, ~5 KB of prose each
//   node bin/run-ts.js bench/experiments/search-latency.ts run DIR [ROUNDS]    # p50/p95 per query class
//
// The corpus: prose drawn from a Zipf-like vocabulary (s = 1) of real function words, a few domain
// words ("security", "Priština", "e-mail") and ~50,000 made-up words, in sentences; titles, authors,
// published dates (10% missing), kinds, 40 tags (0–3 per document, Zipf-distributed), and one
// annotation (highlight, takeaway or note) on every fifth document. Rows go straight into the schema
// of db/migrations.ts through openDatabase, so the triggers fill the full-text indexes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../db/open.ts';
import { clearPrefixCache } from '../../db/search.ts';
import { parseQuery } from '../../core/search/query.ts';
import { search as searchArchive } from '../../core/search/search.ts';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCTION_WORDS = (
  'the of and to a in is that for it as was with be by on not he this are or his from at which but have an ' +
  'had they you were their one all we can her has there been if more when will would who so no'
).split(' ');
const DOMAIN_WORDS = (
  'security secure securities securing secured sector sea season second see seem seen self sense series ' +
  'alliance nato balkans kosovo serbia Priština Sarajevo defence peace stability vacuum mission partnership ' +
  'e-mail U.S. archive research document quote takeaway highlight'
).split(' ');
const SYLLABLES = 'ka lo mi ne ru sa ti vo ba de fi gu ho ja ke li mo nu pa qui re si to ul ve wa xi yo ze an er in on ur'.split(' ');

export function vocabulary(size = 50_000): string[] {
  const random = rng(7);
  const words = [...FUNCTION_WORDS];
  // Domain words spread through the ranks, so that some are common and some are rare.
  const seen = new Set(words);
  const made: string[] = [];
  while (made.length < size) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      made.push(w);
    }
  }
  DOMAIN_WORDS.forEach((w, i) => made.splice(20 + i * 97, 0, w));
  return words.concat(made).slice(0, size);
}

/** A table mapping uniform draws to word ranks under Zipf(s = 1). */
function zipfTable(size: number, bits = 22): Int32Array {
  const weights = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) sum += weights[i] = 1 / (i + 1);
  const table = new Int32Array(1 << bits);
  let cumulative = 0;
  let rank = 0;
  for (let j = 0; j < table.length; j++) {
    const q = (j + 0.5) / table.length;
    while (rank < size - 1 && cumulative + weights[rank]! / sum < q) cumulative += weights[rank++]! / sum;
    table[j] = rank;
  }
  return table;
}

function build(dir: string, count: number): void {
  fs.mkdirSync(dir, { recursive: true });
  const db = openDatabase(dir);
  const vocab = vocabulary();
  const table = zipfTable(vocab.length);
  const random = rng(42);
  const word = () => vocab[table[Math.floor(random() * table.length)]!]!;
  const tagNames = Array.from({ length: 40 }, (_, i) =>
    i === 0 ? 'security' : i === 1 ? 'Balkans' : i === 2 ? 'two words' : `topic${i}`,
  );
  const tagTable = zipfTable(tagNames.length, 16);
  const kinds = ['pdf', 'html', 'md', 'txt'] as const;
  const now = new Date().toISOString();
  const insertTag = db.prepare(`INSERT INTO tags (uuid, name, color, created_at, updated_at) VALUES (?, ?, 'yellow', ?, ?)`);
  tagNames.forEach((n) => insertTag.run(crypto.randomUUID(), n, now, now));
  const insertDoc = db.prepare(
    `INSERT INTO documents (uuid, title, authors, published, kind, mime, sha256, size, body, tags_text, imported_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'text/plain', ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Documents are indexed by whoever inserts them (migration 3), here with the tags filled in.
  const indexDoc = db.prepare('INSERT INTO documents_fts (rowid, title, authors, body, tags_text) VALUES (?, ?, ?, ?, ?)');
  const insertDocTag = db.prepare('INSERT INTO document_tags (document_id, tag_id) VALUES (?, ?)');
  const insertAnn = db.prepare(
    `INSERT INTO annotations (uuid, document_id, kind, suggested, exact, text, comment, start, end, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Filling tags_text directly is what the document_tags trigger would do, without re-indexing each document.
  const trigger = (db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'document_tags_ai'`).get() as { sql: string }).sql;
  db.exec('DROP TRIGGER document_tags_ai');
  const started = Date.now();
  const base = Date.parse('2024-01-01T00:00:00Z');
  let bytes = 0;
  const batch = db.transaction((from: number, to: number) => {
    for (let d = from; d < to; d++) {
      const length = Math.round(Math.exp(Math.log(5000) + (random() - 0.5) * 1.6) * 0.9);
      const parts: string[] = [];
      let size = 0;
      let sentence = 0;
      while (size < length) {
        let w = word();
        if (sentence === 0) w = w[0]!.toUpperCase() + w.slice(1);
        sentence++;
        if (sentence > 8 && random() < 0.08) {
          w += '.';
          sentence = 0;
        } else if (random() < 0.04) w += ',';
        parts.push(w);
        size += w.length + 1;
      }
      const body = parts.join(' ');
      bytes += body.length;
      const titleWords = Array.from({ length: 4 + Math.floor(random() * 6) }, word);
      const title = titleWords.join(' ').replace(/^./, (c) => c.toUpperCase());
      const authors = JSON.stringify([`${vocab[200 + Math.floor(random() * 2000)]} ${vocab[300 + Math.floor(random() * 3000)]}`]);
      const published =
        random() < 0.1
          ? null
          : `${1990 + Math.floor(random() * 36)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
      const nTags = Math.floor(random() * 4);
      const tagIds = new Set<number>();
      for (let i = 0; i < nTags; i++) tagIds.add(tagTable[Math.floor(random() * tagTable.length)]! + 1);
      const tagsText = [...tagIds].map((id) => tagNames[id - 1]).join(' ');
      const imported = new Date(base + d * 60_000).toISOString();
      const id = Number(
        insertDoc.run(
          crypto.randomUUID(),
          title,
          authors,
          published,
          kinds[Math.floor(random() * 4)],
          crypto.createHash('sha256').update(`doc${d}`).digest('hex'),
          body.length,
          body,
          tagsText,
          imported,
          imported,
          imported,
        ).lastInsertRowid,
      );
      indexDoc.run(id, title, authors, body, tagsText);
      for (const t of tagIds) insertDocTag.run(id, t);
      if (d % 5 === 0) {
        const at = Math.floor(random() * Math.max(1, parts.length - 12));
        const exact = parts.slice(at, at + 6 + Math.floor(random() * 10)).join(' ');
        const kind = (['highlight', 'highlight', 'takeaway', 'note'] as const)[Math.floor(random() * 4)]!;
        const comment = random() < 0.3 ? Array.from({ length: 8 }, word).join(' ') : null;
        insertAnn.run(
          crypto.randomUUID(),
          id,
          kind,
          kind === 'takeaway' && random() < 0.5 ? 1 : 0,
          kind === 'note' ? null : exact,
          kind === 'note' ? Array.from({ length: 12 }, word).join(' ') : null,
          comment,
          null,
          null,
          imported,
          imported,
        );
      }
    }
  });
  const step = 2000;
  for (let from = 0; from < count; from += step) {
    batch(from, Math.min(count, from + step));
    if ((from / step) % 10 === 9) process.stdout.write(`${from + step} documents, ${(bytes / 1e6).toFixed(0)} MB, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  db.exec(trigger);
  // No 'optimize': the index keeps the segments an archive built by imports would have.
  if (process.env.PITH_BENCH_OPTIMIZE) {
    db.exec(`INSERT INTO documents_fts(documents_fts) VALUES ('optimize')`);
    db.exec(`INSERT INTO annotations_fts(annotations_fts) VALUES ('optimize')`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  console.log(`built ${count} documents, ${(bytes / 1e6).toFixed(0)} MB of text in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function run(dir: string, rounds: number): void {
  const db = openDatabase(dir, { readonly: true });
  // PITH_BENCH_NAIVE=1: the naive plan for comparison (bm25 over every match, snippets in the
  // same statement, documents only, filters ignored).
  const naive = db.prepare(
    `SELECT d.uuid, snippet(documents_fts, 2, '<mark>', '</mark>', '…', 20) AS snippet, bm25(documents_fts, 10.0, 4.0, 1.0, 6.0) AS score
     FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid WHERE documents_fts MATCH ? ORDER BY score LIMIT 20`,
  );
  const search = process.env.PITH_BENCH_NAIVE
    ? (_db: unknown, req: { query: string; limit?: number }) => {
        const match = parseQuery(req.query).match;
        return { total: match ? naive.all(match).length : 0 };
      }
    : searchArchive;
  const vocab = vocabulary();
  const random = rng(99);
  const pick = (from: number, to: number) => vocab[from + Math.floor(random() * (to - from))]!;
  const sampleBigram = (): string => {
    const id = 1 + Math.floor(random() * 100_000);
    const row = db.prepare('SELECT substr(body, 1000, 200) AS s FROM documents WHERE id = ?').get(id) as { s: string } | undefined;
    const words = (row?.s ?? 'the security of').split(' ').slice(1, -1);
    const at = Math.floor(random() * Math.max(1, words.length - 3));
    return words.slice(at, at + 2).join(' ').replace(/[.,]/g, '');
  };
  const classes: Record<string, () => string> = {
    'common word': () => pick(0, 12),
    'rare word': () => pick(5000, 45_000),
    'mid word': () => pick(100, 1000),
    'two-word AND': () => `${pick(0, 300)} ${pick(200, 20_000)}`,
    'two common words': () => `${pick(0, 30)} ${pick(0, 30)}`,
    'phrase (from text)': () => `"${sampleBigram()}"`,
    'common phrase': () => ['"of the"', '"in the"', '"to be"', '"and the"'][Math.floor(random() * 4)]!,
    'OR': () => `${pick(500, 5000)} OR ${pick(500, 5000)}`,
    'exclusion': () => `${pick(0, 50)} -${pick(0, 50)}`,
    'prefix a*': () => 'a*',
    'prefix se*': () => ['se*', 'ka*', 'mo*'][Math.floor(random() * 3)]!,
    'prefix secur*': () => ['secur*', 'kalo*', 'sect*'][Math.floor(random() * 3)]!,
    'prefix 4+ letters, cold': () => {
      clearPrefixCache(db); // as if each were the first since the archive changed
      return `${pick(0, 3000).slice(0, 4)}*`;
    },
    'tag only': () => ['tag:security', 'tag:Balkans', 'tag:topic30', 'tag:"two words"'][Math.floor(random() * 4)]!,
    'tag + word': () => `tag:${['security', 'topic25', 'topic39'][Math.floor(random() * 3)]} ${pick(0, 2000)}`,
    'type only': () => `type:${['pdf', 'md'][Math.floor(random() * 2)]}`,
    'type + common': () => `type:pdf ${pick(0, 12)}`,
    'date only': () => `after:${2000 + Math.floor(random() * 25)} before:2025-03-11`,
    'date + word': () => `before:${1991 + Math.floor(random() * 5)} ${pick(0, 3000)}`,
    'in:quotes word': () => `in:quotes ${pick(0, 3000)}`,
  };
  // Warm up: fault the pages in once, as a running app would have.
  for (const make of Object.values(classes)) for (let i = 0; i < 3; i++) search(db, { query: make() });
  // Wall time is what a user waits for; CPU time (this process) is shown beside it because the
  // machines here are shared and a busy neighbour stretches wall time.
  console.log(`| query class | p50 ms | p95 ms | max ms | CPU p50 | CPU p95 | mean total |`);
  console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: |`);
  const all: number[] = [];
  const allCpu: number[] = [];
  for (const [name, make] of Object.entries(classes)) {
    const times: number[] = [];
    const cpu: number[] = [];
    let totals = 0;
    for (let i = 0; i < rounds; i++) {
      const q = make();
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const r = search(db, { query: q, limit: 20 });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      totals += r.total;
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    all.push(...times);
    allCpu.push(...cpu);
    const f = (n: number) => n.toFixed(1);
    console.log(
      `| ${name} | ${f(percentile(times, 50))} | ${f(percentile(times, 95))} | ${f(times.at(-1)!)} | ${f(percentile(cpu, 50))} | ${f(percentile(cpu, 95))} | ${Math.round(totals / rounds)} |`,
    );
  }
  all.sort((a, b) => a - b);
  allCpu.sort((a, b) => a - b);
  console.log(
    `| all (${all.length}) | ${percentile(all, 50).toFixed(1)} | ${percentile(all, 95).toFixed(1)} | ${all.at(-1)!.toFixed(1)} | ${percentile(allCpu, 50).toFixed(1)} | ${percentile(allCpu, 95).toFixed(1)} | |`,
  );
  db.close();
}

const [mode, dir, arg] = process.argv.slice(2);
if (mode === 'build' && dir) build(path.resolve(dir), Number(arg ?? 100_000));
else if (mode === 'run' && dir) run(path.resolve(dir), Number(arg ?? 40));
else console.error('usage: search-latency.ts build DIR [DOCS] | run DIR [ROUNDS]');
