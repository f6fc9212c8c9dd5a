// Workloads 4 and 5, setup and re-anchoring: copies K plain-text documents of the corpus (and a few
// small PDFs) into a fresh archive, adds annotations through the API (10 per text document, 5 per
// PDF), edits the text files (a sentence inserted at the top and before some quotes, a word changed
// in some quotes, some quotes rewritten away), then measures
//   - reanchorDocument on every edited document, directly (inside a transaction rolled back, N times);
//   - the re-import of the edited files with update (what `pith import --update` does), once.
// The archive stays for the export workload.
//   pith-reanchor.ts --work DIR --manifest FILE --dir CORPUS_DIR --docs K --per 10 --reps N [--pdfs FILE]
import fs from 'node:fs';
import path from 'node:path';
import { Pith } from '../../core/pith.ts';
import { extract } from '../../core/import/extract/index.ts';
import { reanchorDocument } from '../../core/annotate/reanchor.ts';
import { vocabulary, type Corpus } from '../corpus.ts';
import { arg, cpuNow, freshDir, mulberry32, reportResult } from '../lib/util.ts';

const argv = process.argv.slice(2);
const work = arg(argv, 'work')!;
const corpus = JSON.parse(fs.readFileSync(arg(argv, 'manifest')!, 'utf8')) as Corpus;
const corpusDir = arg(argv, 'dir')!;
const K = Number(arg(argv, 'docs') ?? 1000);
const PER = Number(arg(argv, 'per') ?? 10);
const reps = Number(arg(argv, 'reps') ?? 3);
const pdfs = arg(argv, 'pdfs') ? (JSON.parse(fs.readFileSync(arg(argv, 'pdfs')!, 'utf8')) as string[]) : [];
const rand = mulberry32(0xa11ce);
const words = vocabulary().words.filter((w) => /^[a-z]+$/.test(w));

freshDir(work);
const docsDir = path.join(work, 'docs');
const pdfDir = path.join(work, 'pdfs');
fs.mkdirSync(docsDir);
fs.mkdirSync(pdfDir);
// Plain-text documents of at least 3 KB (room for ten quotes), spread over the corpus.
const eligible = corpus.docs.filter((d) => d.kind === 'txt' && d.bytes >= 3000);
const step = eligible.length / K;
const chosen = Array.from({ length: Math.min(K, eligible.length) }, (_, i) => eligible[Math.floor(i * step)]!);
for (const d of chosen) fs.copyFileSync(path.join(corpusDir, d.file), path.join(docsDir, path.basename(d.file)));
for (const p of pdfs) fs.copyFileSync(p, path.join(pdfDir, path.basename(p)));

const pith = Pith.open(path.join(work, 'archive'));
const imported = await pith.importPaths({ paths: [docsDir, pdfDir] });
if (imported.imported !== chosen.length + pdfs.length) throw new Error(`setup import: ${JSON.stringify({ ...imported, results: imported.results.filter((r) => r.status !== 'imported').slice(0, 3) })}`);

interface Quote {
  start: number;
  end: number;
  exact: string;
}
/** Quotes: from a sentence start, 5–20 words, not overlapping, in text order. */
function pickQuotes(body: string, n: number): Quote[] {
  const starts: number[] = [];
  const re = /[.?!] (?=[A-Z])/g;
  for (let m = re.exec(body); m; m = re.exec(body)) if (m.index > 200) starts.push(m.index + 2);
  const out: Quote[] = [];
  const taken = new Set<number>();
  for (let tries = 0; out.length < n && tries < n * 20; tries++) {
    const i = Math.floor(rand() * starts.length);
    if (taken.has(i) || taken.has(i - 1) || taken.has(i + 1)) continue;
    const start = starts[i]!;
    let end = start;
    const count = 5 + Math.floor(rand() * 16);
    for (let w = 0; w < count; w++) {
      const next = body.indexOf(' ', end + 1);
      if (next < 0) break;
      end = next;
    }
    end = Math.min(end, starts[i + 1] !== undefined ? starts[i + 1]! - 1 : body.length);
    const exact = body.slice(start, end).replace(/[\s,.?!]+$/, '');
    if (exact.split(' ').length < 4 || exact.includes('\n')) continue;
    taken.add(i);
    out.push({ start, end: start + exact.length, exact });
  }
  return out.sort((a, b) => a.start - b.start);
}

// Annotations through the API.
const docs = pith.db.prepare(`SELECT id, uuid, body, kind, source_path FROM documents ORDER BY id`).all() as {
  id: number;
  uuid: string;
  body: string;
  kind: string;
  source_path: string;
}[];
const quotesByDoc = new Map<number, Quote[]>();
let annotations = 0;
const addStarted = performance.now();
for (const doc of docs) {
  const quotes = pickQuotes(doc.body, doc.kind === 'pdf' ? 5 : PER);
  quotesByDoc.set(doc.id, quotes);
  for (const [k, q] of quotes.entries()) {
    await pith.addAnnotation({
      documentId: doc.uuid,
      position: { start: q.start, end: q.end },
      color: k % 3 === 0 ? 'green' : 'yellow',
      ...(k % 4 === 0 ? { comment: `Note ${k}: why this matters for chapter ${1 + (k % 5)}.` } : {}),
      ...(k % 7 === 0 ? { tags: ['evidence'] } : {}),
    });
    annotations++;
  }
}
const addMs = performance.now() - addStarted;

// The edits, applied to the text files from the end backwards so that positions stay valid.
const expected = { exact: 0, fuzzy: 0, orphaned: 0 };
const sentence = () => {
  const n = 6 + Math.floor(rand() * 10);
  const w: string[] = [];
  for (let i = 0; i < n; i++) w.push(words[Math.floor(rand() * 3000)]!);
  return `${w.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
};
const edited: { id: number; file: string }[] = [];
for (const doc of docs) {
  if (doc.kind !== 'txt') continue;
  let text = fs.readFileSync(doc.source_path, 'utf8');
  const quotes = quotesByDoc.get(doc.id)!;
  for (const q of [...quotes].reverse()) {
    if (text.slice(q.start, q.end) !== q.exact) throw new Error(`quote not at its place in ${doc.source_path}`);
    const r = rand();
    if (r < 0.03) {
      // Rewritten away: the quote's words replaced by others.
      text = text.slice(0, q.start) + sentence().replace(/\.$/, '') + text.slice(q.end);
      expected.orphaned++;
    } else if (r < 0.13) {
      // One word of the quote changed.
      const parts = q.exact.split(' ');
      const at = 1 + Math.floor(rand() * (parts.length - 2));
      parts[at] = words[Math.floor(rand() * 3000)]!;
      text = text.slice(0, q.start) + parts.join(' ') + text.slice(q.end);
      expected.fuzzy++;
    } else {
      if (r < 0.43) text = `${text.slice(0, q.start)}${sentence()} ${text.slice(q.start)}`;
      expected.exact++;
    }
  }
  // A sentence inserted after the byline: everything moves.
  const para = text.indexOf('\n\n', text.indexOf('\n\n') + 2);
  text = `${text.slice(0, para + 2)}${sentence()} ${sentence()}\n\n${text.slice(para + 2)}`;
  fs.writeFileSync(doc.source_path, text);
  edited.push({ id: doc.id, file: doc.source_path });
}

// Direct re-anchoring, rolled back each time.
const texts = new Map<number, string>();
for (const e of edited) texts.set(e.id, (await extract(path.basename(e.file), new Uint8Array(fs.readFileSync(e.file)))).text);
const reanchorCount = (pith.db.prepare(`SELECT count(*) AS n FROM annotations WHERE exact IS NOT NULL AND document_id IN (SELECT id FROM documents WHERE kind = 'txt')`).get() as { n: number }).n;
const direct: { ms: number; cpuMs: number; counts: { exact: number; fuzzy: number; orphaned: number } }[] = [];
for (let rep = 0; rep < reps; rep++) {
  const counts = { exact: 0, fuzzy: 0, orphaned: 0 };
  pith.db.exec('BEGIN');
  const cpu0 = cpuNow();
  const t0 = performance.now();
  for (const e of edited) {
    const c = reanchorDocument(pith.db, e.id, texts.get(e.id)!);
    counts.exact += c.exact;
    counts.fuzzy += c.fuzzy;
    counts.orphaned += c.orphaned;
  }
  const ms = performance.now() - t0;
  const cpuMs = cpuNow() - cpu0;
  pith.db.exec('ROLLBACK');
  direct.push({ ms, cpuMs, counts });
}

// The real thing: re-import with update.
const updateStarted = performance.now();
const update = await pith.importPaths({ paths: [docsDir], update: true });
const updateMs = performance.now() - updateStarted;
const methods = Object.fromEntries(
  (pith.db.prepare(`SELECT anchor, count(*) AS n FROM annotations WHERE exact IS NOT NULL AND dismissed = 0 AND document_id IN (SELECT id FROM documents WHERE kind = 'txt') GROUP BY anchor`).all() as {
    anchor: string;
    n: number;
  }[]).map((r) => [r.anchor, r.n]),
);
const ids = {
  text: docs.filter((d) => d.kind === 'txt').map((d) => d.uuid),
  pdf: docs.filter((d) => d.kind === 'pdf').map((d) => d.uuid),
};
fs.writeFileSync(path.join(work, 'ids.json'), JSON.stringify(ids));
await pith.close();
reportResult({
  documents: edited.length,
  pdfs: pdfs.length,
  annotations,
  addMs,
  reanchorCount,
  expected,
  direct,
  update: { ms: updateMs, updated: update.updated, failed: update.failed, methods },
});
