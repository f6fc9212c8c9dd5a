// What Pith's text import would do with the changes proposed in bench/README.md, end to end, on the
// same corpus: the same worker pool and extractors (core/import; the worker writes the original, as
// import does), the same storeNewDocument, but documents committed in groups (every GROUP documents
// or GROUP_MS, whichever comes first), each group one transaction of whole documents; optionally
// (--no-prefix) without the FTS5 prefix indexes. --as-is runs Pith's importPaths for comparison.
// Not part of the suite.
//   node bin/run-ts.js bench/experiments/import-pipeline.ts [--docs 5000] [--group 200] [--no-prefix] [--as-is]
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ensureCorpus } from '../corpus.ts';
import { openDatabase } from '../../db/open.ts';
import { migrations } from '../../db/migrations.ts';
import { sha256Hex } from '../../db/blobs.ts';
import { findDocumentBySha } from '../../db/documents.ts';
import { finishBatch, startBatch } from '../../db/imports.ts';
import { WorkerPool } from '../../core/import/pool.ts';
import { extractInPool, type ExtractRequest } from '../../core/import/extract-in-pool.ts';
import type { Extracted } from '../../core/import/extract/index.ts';
import { storeNewDocument } from '../../core/import/store.ts';
import { Pith } from '../../core/pith.ts';
import { scanPaths } from '../../core/import/scan.ts';
import { cpuNow, fmt, freshDir, WORK_DIR } from '../lib/util.ts';

const argv = process.argv.slice(2);
const get = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const docs = Number(get('docs') ?? 5000);
const GROUP = Number(get('group') ?? 200);
const GROUP_MS = 250;
const corpus = ensureCorpus(docs);
const archive = freshDir(path.join(WORK_DIR, 'experiments', 'pipeline'));

const t0 = performance.now();
const c0 = cpuNow();
let imported = 0;
if (argv.includes('--as-is')) {
  const pith = Pith.open(archive);
  imported = (await pith.importPaths({ paths: [corpus.dir] })).imported;
  await pith.close();
} else {
  const schema = argv.includes('--no-prefix') ? migrations.map((m) => ({ ...m, sql: m.sql.replace(/,\s*prefix='2 3'/g, '') })) : migrations;
  const db = openDatabase(archive, { migrations: schema });
  const pool = new WorkerPool<ExtractRequest, unknown>(new URL('../../core/import/worker.ts', import.meta.url));
  const batchId = startBatch(db);
  const files = (await scanPaths([corpus.dir])).flatMap((e) => ('size' in e ? [e.path] : []));
  type Ready = { file: string; sha256: string; size: number; extracted: Extracted };
  let pending: Ready[] = [];
  let lastFlush = performance.now();
  const flush = () => {
    const group = pending;
    pending = [];
    lastFlush = performance.now();
    db.transaction(() => {
      for (const r of group) {
        if (findDocumentBySha(db, r.sha256)) continue;
        storeNewDocument(db, randomUUID(), r.extracted, { sha256: r.sha256, size: r.size, sourcePath: r.file, batchId, path: r.file });
        imported++;
      }
    })();
  };
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const bytes = new Uint8Array(await fs.promises.readFile(file));
      const sha256 = sha256Hex(bytes);
      const size = bytes.byteLength;
      // The worker writes the original (durably) before the row that refers to it is committed.
      const extracted = await extractInPool(pool, file, bytes, { archiveDir: archive, sha256, handOver: true });
      pending.push({ file, sha256, size, extracted });
      if (pending.length >= GROUP || performance.now() - lastFlush > GROUP_MS) flush();
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, pool.size * 4) }, lane));
  if (pending.length) flush();
  finishBatch(db, batchId);
  await pool.close();
  db.close();
}
const ms = performance.now() - t0;
const cpu = cpuNow() - c0;
console.log(
  `${argv.includes('--as-is') ? 'as is' : `proposed (groups of ${GROUP} / ${GROUP_MS} ms${argv.includes('--no-prefix') ? ', no prefix indexes' : ''})`}: ` +
    `${imported} documents in ${fmt(ms / 1000, 1)} s = ${fmt(imported / (ms / 1000), 0)} docs/s, CPU ${fmt(cpu / 1000, 1)} s, peak RSS ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB`,
);
fs.rmSync(archive, { recursive: true, force: true });
