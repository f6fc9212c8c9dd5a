// MiniSearch building its in-memory index from the same files (workload 1), and answering the same
// queries (workload 3). Terms are lower-cased with diacritics removed, as FTS5's tokenizer does.
//   minisearch.ts --manifest FILE --dir CORPUS_DIR [--queries FILE --passes N]
import fs from 'node:fs';
import MiniSearch, { type SearchOptions } from 'minisearch';
import type { Corpus } from '../corpus.ts';
import { dateFilter, fold, jsEngineText, type BenchQuery } from '../queries.ts';
import { arg, reportResult } from '../lib/util.ts';

const argv = process.argv.slice(2);
const corpus = JSON.parse(fs.readFileSync(arg(argv, 'manifest')!, 'utf8')) as Corpus;
const dir = arg(argv, 'dir')!;
const queriesFile = arg(argv, 'queries');

interface Doc {
  id: number;
  title: string;
  body: string;
  date: string;
  tags: string[];
}

const started = performance.now();
const ms = new MiniSearch<Doc>({
  fields: ['title', 'body'],
  storeFields: ['title', 'date', 'tags'],
  processTerm: (term) => fold(term),
});
for (const [id, doc] of corpus.docs.entries()) {
  const text = fs.readFileSync(`${dir}/${doc.file}`, 'utf8');
  const nl = text.indexOf('\n');
  ms.add({ id, title: nl > 0 ? text.slice(0, nl) : '', body: text, date: doc.date, tags: doc.tags });
}
const buildMs = performance.now() - started;

/** What persisting the index would take: its JSON, counted piece by piece (one string of it all
 *  would exceed V8's longest string at full size). */
function serializedBytes(): number {
  const json = ms.toJSON() as unknown as Record<string, unknown> & { index: unknown[] };
  let bytes = 0;
  for (const entry of json.index) bytes += Buffer.byteLength(JSON.stringify(entry));
  return bytes + Buffer.byteLength(JSON.stringify({ ...json, index: [] }));
}

if (!queriesFile) {
  reportResult({ imported: ms.documentCount, ms: buildMs, serializedBytes: serializedBytes() });
} else {
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8')) as BenchQuery[];
  const passes = Number(arg(argv, 'passes') ?? 3);
  const run = (q: BenchQuery): number => {
    const byDate = dateFilter(q);
    const options: SearchOptions = { combineWith: 'AND', prefix: q.prefix !== undefined };
    if (q.tag || byDate)
      options.filter = (r) => (!q.tag || (r.tags as string[]).includes(q.tag)) && (!byDate || byDate(r.date as string));
    const text = jsEngineText(q);
    const results = text ? ms.search(text, options) : ms.search(MiniSearch.wildcard, options);
    return results.slice(0, 20).length && results.length;
  };
  const hits = queries.map(run);
  const timings: number[][] = [];
  for (let p = 0; p < passes; p++) {
    timings.push(
      queries.map((q) => {
        const t = performance.now();
        run(q);
        return performance.now() - t;
      }),
    );
  }
  reportResult({ imported: ms.documentCount, ms: buildMs, timings, hits, serializedBytes: serializedBytes() });
}
