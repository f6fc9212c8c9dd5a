// Crash safety of the import: a batch of several hundred documents imported by a child process
// that is killed with SIGKILL at seeded random moments, again and again. After every kill the
// archive must be sound (SQLite and FTS5 integrity, every document whole with its index rows,
// import outcome, suggested takeaways and original file, no partial original), and running the
// same import again with the real `pith` command must finish the job with exact counts.
//
// PITH_LONG_TESTS=1 runs a bigger batch with more kills. PITH_CRASH_SEED=N picks another seed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkArchive } from './fixtures/archive-check.ts';
import { seeded, writeCorpus, type CorpusFile } from './fixtures/reliability-corpus.ts';

const root = path.resolve(import.meta.dirname, '../..');
const LONG = process.env.PITH_LONG_TESTS === '1';
const SEED = Number(process.env.PITH_CRASH_SEED ?? 20250310);
const DOCUMENTS = LONG ? 1200 : 300;
const KILLS = LONG ? 30 : 12;

let work: string;
let docs: string;
let archive: string;
let corpus: CorpusFile[];

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-crash-'));
  docs = path.join(work, 'docs');
  archive = path.join(work, 'archive');
  corpus = await writeCorpus(docs, DOCUMENTS, { seed: SEED, pdfEvery: 32 });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface KillRun {
  /** Progress events seen before the kill. */
  events: number;
  /** The child finished its batch before the kill landed. */
  finished: boolean;
  ms: number;
}

/**
 * Starts the import in a child and kills it with SIGKILL `delayMs` after its `afterEvents`-th
 * progress event (or `delayMs` after it starts, when afterEvents is 0).
 */
function importAndKill(afterEvents: number, delayMs: number): Promise<KillRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(root, 'bin/run-ts.js'), path.join(root, 'core/import/fixtures/import-child.ts'), archive, docs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let events = 0;
  let finished = false;
  let armed = false;
  let stderr = '';
  const arm = () => {
    if (armed) return;
    armed = true;
    setTimeout(() => child.kill('SIGKILL'), delayMs);
  };
  if (afterEvents === 0) arm();
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.startsWith('progress ')) events++;
      if (line.startsWith('report ')) finished = true;
      if (events >= afterEvents) arm();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`the import child failed (exit ${code}): ${stderr}`));
      else resolve({ events, finished: finished || signal !== 'SIGKILL', ms: Date.now() - started });
    });
  });
}

describe('a batch import killed with SIGKILL', () => {
  it(`leaves a sound archive after each of ${KILLS} kills, and the next import finishes the job`, async () => {
    const rand = seeded(SEED);
    const runs: (KillRun & { before: number; documents: number; tempFiles: number; unreferenced: number })[] = [];
    let previous = 0;
    for (let k = 0; k < KILLS; k++) {
      // The first kill lands in start-up (before the first event); the others a few files past
      // the ones already stored (each file gives two events: started, settled; the files stored
      // before come back first, as duplicates); the delay puts them anywhere in a file's
      // extract → blob → transaction.
      const afterEvents = k === 0 ? 0 : 2 * previous + 1 + Math.floor(rand() * 30);
      const delayMs = k === 0 ? 300 + Math.floor(rand() * 600) : Math.floor(rand() * 25);
      const run = await importAndKill(afterEvents, delayMs);
      const state = checkArchive(archive, corpus);
      expect(state.problems, `after kill ${k + 1} (${afterEvents} events + ${delayMs} ms)`).toEqual([]);
      expect(state.documents).toBeGreaterThanOrEqual(previous); // nothing whole is ever lost
      runs.push({ ...run, before: previous, documents: state.documents, tempFiles: state.tempFiles.length, unreferenced: state.unreferencedBlobs });
      previous = state.documents;
      if (state.documents === DOCUMENTS) break;
    }
    // The kills were real: at least ten of them landed among files not stored yet.
    const midBatch = runs.filter((r) => !r.finished && r.events > 2 * r.before && r.documents < DOCUMENTS).length;
    expect(midBatch, JSON.stringify(runs)).toBeGreaterThanOrEqual(10);
    expect(previous).toBeLessThan(DOCUMENTS);

    // The same import again, with the real command, to completion.
    const before = previous;
    const result = spawnSync(process.execPath, [path.join(root, 'bin/pith.js'), '--archive', archive, 'import', '--json', docs], {
      encoding: 'utf8',
      env: { ...process.env, PITH_ARCHIVE: '' },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { imported: number; duplicates: number; updated: number; unsupported: number; failed: number; results: { path: string; status: string }[] };
    expect(report).toMatchObject({ imported: DOCUMENTS - before, duplicates: before, updated: 0, unsupported: 0, failed: 0 });
    expect(report.imported + report.duplicates).toBe(DOCUMENTS);
    expect(new Set(report.results.map((r) => r.path)).size).toBe(DOCUMENTS);

    const final = checkArchive(archive, corpus);
    expect(final.problems).toEqual([]);
    expect(final.documents).toBe(DOCUMENTS);
    expect(final.unreferencedBlobs).toBe(0);
    expect(final.annotations).toBe(corpus.reduce((n, c) => n + c.takeaways, 0));
    // Leftover temporary files (a kill between open() and rename() in storeBlob) are not
    // originals: nothing refers to them and backups skip them. Nothing removes them either.
    console.log(
      `crash test: ${runs.length} kills, documents after each: ${runs.map((r) => `${r.documents} (${r.ms} ms)`).join(' ')}; ` +
        `leftover .tmp files: ${final.tempFiles.length}; final run imported ${report.imported}, duplicates ${report.duplicates}`,
    );
  }, LONG ? 600_000 : 180_000);
});
