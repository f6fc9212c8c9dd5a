// Workload 3, Pith: tags the corpus's tagged documents through the API (once per archive), then
// times pith.search({query, limit: 20}) — ranking and snippets included — for every query: one
// warm-up pass, then N timed passes.
//   pith-search.ts --archive DIR --manifest FILE --queries FILE [--passes N]
import fs from 'node:fs';
import path from 'node:path';
import { Pith } from '../../core/pith.ts';
import type { Corpus } from '../corpus.ts';
import type { BenchQuery } from '../queries.ts';
import { arg, reportResult } from '../lib/util.ts';

const argv = process.argv.slice(2);
const archive = arg(argv, 'archive')!;
const corpus = JSON.parse(fs.readFileSync(arg(argv, 'manifest')!, 'utf8')) as Corpus;
const queries = JSON.parse(fs.readFileSync(arg(argv, 'queries')!, 'utf8')) as BenchQuery[];
const passes = Number(arg(argv, 'passes') ?? 3);
const corpusDir = arg(argv, 'dir')!;

const pith = Pith.open(archive);
let tagging = { documents: 0, ms: 0 };
const tagged = (pith.db.prepare('SELECT count(*) AS n FROM document_tags').get() as { n: number }).n;
if (tagged === 0) {
  const bySource = new Map<string, string>();
  for (const row of pith.db.prepare('SELECT uuid, source_path FROM documents').iterate() as Iterable<{ uuid: string; source_path: string }>)
    bySource.set(row.source_path, row.uuid);
  const started = performance.now();
  for (const doc of corpus.docs) {
    if (doc.tags.length === 0) continue;
    const id = bySource.get(path.join(corpusDir, doc.file));
    if (!id) throw new Error(`not in the archive: ${doc.file}`);
    await pith.tagDocument({ id, add: doc.tags });
    tagging.documents++;
  }
  tagging.ms = performance.now() - started;
}

const run = async (q: BenchQuery) => {
  const results = await pith.search({ query: q.q, limit: 20 });
  return { total: results.total, shown: results.hits.length, notice: (results as { notice?: string }).notice ?? null };
};
const warm: { total: number; shown: number; notice: string | null }[] = [];
for (const q of queries) warm.push(await run(q));
const timings: number[][] = [];
for (let p = 0; p < passes; p++) {
  const pass: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await run(q);
    pass.push(performance.now() - t);
  }
  timings.push(pass);
}
await pith.close();
reportResult({ tagging, timings, hits: warm.map((w) => w.total), shown: warm.map((w) => w.shown), notices: warm.map((w) => w.notice) });
