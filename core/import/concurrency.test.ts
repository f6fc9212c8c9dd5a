// Searching and annotating while a large import runs: a child process imports a batch into an
// archive while this process, with the archive open too (Pith.open), searches and adds
// annotations in a loop. WAL readers are never blocked by the import's writes, and the short
// annotation writes wait their turn (busy_timeout) instead of failing with SQLITE_BUSY.
// Latencies are recorded and printed; nothing is asserted about time (shared CI machines).
//
// PITH_LONG_TESTS=1 imports a bigger batch.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pith } from '../pith.ts';
import { checkArchive } from './fixtures/archive-check.ts';
import { seeded, writeCorpus, type CorpusFile } from './fixtures/reliability-corpus.ts';

const root = path.resolve(import.meta.dirname, '../..');
const LONG = process.env.PITH_LONG_TESTS === '1';
const BATCH = LONG ? 2000 : 400;
const SEEDS = 12;

let work: string;
let archive: string;
let seedCorpus: CorpusFile[];
let batchCorpus: CorpusFile[];

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-concurrency-'));
  archive = path.join(work, 'archive');
  seedCorpus = await writeCorpus(path.join(work, 'seed'), SEEDS, { seed: 1, pdfEvery: 0 });
  // Bigger documents than the seed ones: longer write transactions for the readers to cross.
  batchCorpus = await writeCorpus(path.join(work, 'batch'), BATCH, { seed: 2, start: SEEDS, pdfEvery: 50, bodyWords: 1500 });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

describe('the archive while a large import runs in another process', () => {
  it('keeps answering searches and taking annotations, with no SQLITE_BUSY', async () => {
    // The archive exists before the import starts (so the two processes never race to create it).
    const pith = Pith.open(archive, { pool: { size: 1 } });
    try {
      const seeded0 = await pith.importPaths({ paths: [path.join(work, 'seed')] });
      expect(seeded0.imported).toBe(SEEDS);
      const seedDocs = seeded0.results.map((r) => {
        const c = seedCorpus.find((s) => s.file === r.path)!;
        return { id: r.documentId!, word: c.word };
      });

      const child = spawn(
        process.execPath,
        [path.join(root, 'bin/run-ts.js'), path.join(root, 'core/import/fixtures/import-child.ts'), archive, path.join(work, 'batch')],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      let progressed = 0;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        progressed = (out.match(/^progress /gm) ?? []).length;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let running = true;
      void exited.then(() => (running = false));

      const rand = seeded(3);
      const errors: string[] = [];
      const searchMs: number[] = [];
      const annotateMs: number[] = [];
      const added: { id: string; comment: string }[] = [];
      let whileImporting = 0;
      const common = ['security', 'treaty OR summit', 'bridge river', 'minis*', '"border patrol"', 'valley -village'];
      for (let i = 0; running; i++) {
        const importing = progressed > 0;
        try {
          // A search over everything (common words: many hits to rank while rows arrive).
          let t = performance.now();
          const broad = await pith.search({ query: common[i % common.length]!, limit: 20 });
          searchMs.push(performance.now() - t);
          if (broad.total === 0 && i % common.length === 0) errors.push(`no results for ${broad.query}`);

          // A search for one seed document's own word finds it (the document, or the highlights
          // on it that quote the word), and nothing else.
          const doc = seedDocs[Math.floor(rand() * seedDocs.length)]!;
          t = performance.now();
          const exact = await pith.search({ query: doc.word, limit: 5 });
          searchMs.push(performance.now() - t);
          if (exact.hits.length === 0 || exact.hits.some((h) => h.documentId !== doc.id)) errors.push(`search for ${doc.word} gave ${JSON.stringify(exact.hits.map((h) => h.documentId))}`);

          // An annotation, then a search that finds it through its comment.
          const comment = `zqcomment${i}x`;
          t = performance.now();
          const a = await pith.addAnnotation({ documentId: doc.id, kind: 'highlight', quote: `The ${doc.word} file mentions it again`, color: 'yellow', comment });
          annotateMs.push(performance.now() - t);
          added.push({ id: a.id, comment });
          t = performance.now();
          const found = await pith.search({ query: comment, limit: 5 });
          searchMs.push(performance.now() - t);
          if (!found.hits.some((h) => h.kind === 'annotation' && h.annotationId === a.id)) errors.push(`the annotation ${comment} is not found by search`);
          if (importing && running) whileImporting++;
        } catch (error) {
          const code = (error as { code?: string }).code;
          errors.push(`${code ?? ''} ${(error as Error).message}`);
          if (errors.length > 20) break;
        }
        // Let the child's output in, and keep the loop from starving the event loop.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const code = await exited;
      expect(errors).toEqual([]);
      expect(code, err).toBe(0);
      const report = JSON.parse(/^report (.*)$/m.exec(out)![1]!) as { imported: number; failed: number };
      expect(report).toMatchObject({ imported: BATCH, failed: 0 });
      // The loop really ran alongside the import, many times.
      expect(whileImporting).toBeGreaterThanOrEqual(20);

      // Everything the loop wrote is there, and the archive is sound.
      const { annotations } = await pith.listAnnotations({});
      const comments = new Set(annotations.map((a) => a.comment));
      expect(added.filter((a) => !comments.has(a.comment))).toEqual([]);
      const state = checkArchive(archive, [...seedCorpus, ...batchCorpus]);
      const expectedSuggested = [...seedCorpus, ...batchCorpus].reduce((n, c) => n + c.takeaways, 0);
      expect(state.problems).toEqual([]);
      expect(state.documents).toBe(SEEDS + BATCH);
      expect(state.annotations).toBe(expectedSuggested + added.length);
      const ms = (v: number) => `${v.toFixed(1)} ms`;
      console.log(
        `concurrency: ${added.length} rounds (${whileImporting} while importing ${BATCH} documents); ` +
          `search p50 ${ms(percentile(searchMs, 50))}, p95 ${ms(percentile(searchMs, 95))}, max ${ms(Math.max(...searchMs))}; ` +
          `addAnnotation p50 ${ms(percentile(annotateMs, 50))}, p95 ${ms(percentile(annotateMs, 95))}, max ${ms(Math.max(...annotateMs))}`,
      );
    } finally {
      await pith.close();
    }
  }, LONG ? 600_000 : 180_000);
});
