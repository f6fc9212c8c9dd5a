// Workload 1 (and 2), Pith: a fresh archive, then importPaths over the corpus folder (or a PDF) —
// the code path of `pith import`. Prints docs, time and sizes; peak RSS is this process's (the
// import's worker threads included).
//   pith-import.ts --archive DIR --path CORPUS_DIR_OR_FILE [--keep]
import fs from 'node:fs';
import path from 'node:path';
import { Pith } from '../../core/pith.ts';
import { arg, freshDir, reportResult, sizeOnDisk, WORK_DIR } from '../lib/util.ts';
import { sampleMemory } from '../lib/memory.ts';

const argv = process.argv.slice(2);
const archive = arg(argv, 'archive')!;
const input = arg(argv, 'path')!;
freshDir(archive);

const openStarted = performance.now();
const pith = Pith.open(archive);
const openMs = performance.now() - openStarted;
const memory = sampleMemory();
const started = performance.now();
const report = await pith.importPaths({ paths: [input] });
const importMs = performance.now() - started;
const peaks = memory.stop();
const pages = (pith.db.prepare('SELECT coalesce(sum(pages), 0) AS n FROM documents').get() as { n: number }).n;
const suggested = (pith.db.prepare('SELECT count(*) AS n FROM annotations').get() as { n: number }).n;
await pith.close();
const failures = report.results.filter((r) => r.status === 'failed').slice(0, 5).map((r) => `${r.path}: ${r.reason}`);

const dbBytes = ['pith.db', 'pith.db-wal', 'pith.db-shm'].reduce((n, f) => n + sizeOnDisk(path.join(archive, f)), 0);
const filesBytes = sizeOnDisk(path.join(archive, 'files'));
if (!argv.includes('--keep')) fs.rmSync(archive, { recursive: true, force: true });
// Also kept in a log (bench/.work/suite/pith-import-runs.jsonl), for looking back at runs.
fs.appendFileSync(
  path.join(WORK_DIR, 'pith-import-runs.jsonl'),
  `${JSON.stringify({ at: new Date().toISOString(), input, imported: report.imported, ms: importMs, maxRssMb: process.resourceUsage().maxRSS / 1024, peaks, dbBytes, filesBytes })}\n`,
);
reportResult({
  imported: report.imported,
  failed: report.failed,
  duplicates: report.duplicates,
  failures,
  pages,
  suggested,
  openMs,
  ms: importMs,
  dbBytes,
  filesBytes,
  peaks,
});
