// FlexSearch building its in-memory document index from the same files (workload 1), and answering
// the same queries (workload 3). Its default 'strict' (whole word) tokenizer — 'forward', which
// prefix search needs, took 4× the CPU and 2.5× the memory on 5,000 documents — and the Normalize encoder
// (lower case, diacritics removed). Prefix queries are not answerable with it.
//   flexsearch.ts --manifest FILE --dir CORPUS_DIR [--queries FILE --passes N]
import fs from 'node:fs';
import FlexSearch from 'flexsearch';
import type { Corpus } from '../corpus.ts';
import { dateFilter, jsEngineText, type BenchQuery } from '../queries.ts';
import { arg, reportResult } from '../lib/util.ts';

const argv = process.argv.slice(2);
const corpus = JSON.parse(fs.readFileSync(arg(argv, 'manifest')!, 'utf8')) as Corpus;
const dir = arg(argv, 'dir')!;
const queriesFile = arg(argv, 'queries');

// The typings of FlexSearch's Document are generic beyond what this script needs.
interface FlexDocumentIndex {
  add(doc: Record<string, unknown>): void;
  search(query: string | Record<string, unknown>, options?: Record<string, unknown>): unknown[];
  export(handler: (key: string, data: string) => void): unknown;
}
const { Document, Charset } = FlexSearch as unknown as {
  Document: new (options: Record<string, unknown>) => FlexDocumentIndex;
  Charset: Record<string, unknown>;
};

const started = performance.now();
const index = new Document({
  document: {
    id: 'id',
    index: [
      { field: 'title', tokenize: 'strict', encoder: Charset.Normalize },
      { field: 'body', tokenize: 'strict', encoder: Charset.Normalize },
    ],
    tag: [{ field: 'tags' }],
    store: ['date'],
  },
});
for (const [id, doc] of corpus.docs.entries()) {
  const text = fs.readFileSync(`${dir}/${doc.file}`, 'utf8');
  const nl = text.indexOf('\n');
  index.add({ id, title: nl > 0 ? text.slice(0, nl) : '', body: text, date: doc.date, tags: doc.tags });
}
const buildMs = performance.now() - started;

/** What persisting the index would take: the sizes of what export() hands out. */
async function serializedBytes(): Promise<number> {
  let bytes = 0;
  await index.export((_key, data) => {
    bytes += data ? Buffer.byteLength(data) : 0;
  });
  return bytes;
}

if (!queriesFile) {
  reportResult({ imported: corpus.docs.length, ms: buildMs, serializedBytes: await serializedBytes() });
} else {
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8')) as BenchQuery[];
  const passes = Number(arg(argv, 'passes') ?? 3);
  /** Hits, or -1 when FlexSearch cannot answer the query (a date range without words). */
  const run = (q: BenchQuery): number => {
    if (q.prefix) return -1;
    const text = jsEngineText(q);
    const byDate = dateFilter(q);
    const tag = q.tag ? { tags: q.tag } : undefined;
    if (!text) {
      if (!tag || byDate) return -1;
      const groups = index.search({ tag, limit: 20 }) as { result: unknown[] }[];
      return groups[0]?.result.length ?? 0;
    }
    if (byDate) {
      // No range filter in FlexSearch: take a deep list of candidates and keep the dated ones.
      const hits = index.search(text, { merge: true, enrich: true, limit: 2000, ...(tag ? { tag } : {}) }) as {
        doc?: { date: string } | null;
      }[];
      return hits.filter((h) => h.doc && byDate(h.doc.date)).slice(0, 20).length;
    }
    return index.search(text, { merge: true, limit: 20, ...(tag ? { tag } : {}) }).length;
  };
  const hits = queries.map(run);
  const timings: number[][] = [];
  for (let p = 0; p < passes; p++) {
    timings.push(
      queries.map((q) => {
        if (hits[q.id] === -1) return NaN;
        const t = performance.now();
        run(q);
        return performance.now() - t;
      }),
    );
  }
  reportResult({ imported: corpus.docs.length, ms: buildMs, timings, hits, serializedBytes: await serializedBytes() });
}
