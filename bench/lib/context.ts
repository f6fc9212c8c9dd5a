// What every workload gets: the run's size and settings, the corpus, and what earlier workloads
// left for later ones (the imported archive, the floor's database).
import fs from 'node:fs';
import path from 'node:path';
import type { Corpus } from '../corpus.ts';
import { log, runEngine, type ChildOptions, type ChildRun } from './util.ts';

export interface BenchContext {
  quick: boolean;
  docs: number;
  seed: number;
  corpus: Corpus;
  manifestFile: string;
  /** Folder for this size's archives and outputs (bench/.work/suite/<size>). */
  workDir: string;
  /** Repetitions wanted per measurement, and the time after which an engine is not repeated. */
  reps: number;
  repBudgetMs: number;
  /** Also run Pith under --cpu-prof and summarize the hot spots. */
  profile: boolean;
  profileDir: string;
  /** The 300 queries of workload 3, as a JSON file the engines read. */
  queriesFile: string;
  /** Workload 3 will run: the in-memory engines answer its queries in their first import run. */
  searchPlanned: boolean;
  state: {
    /** An archive holding the whole corpus, imported by Pith (kept by workload 1 for 3 and 6). */
    pithArchive?: string;
    floorDb?: string;
    /** Query timings of the in-memory engines, from their first import run. */
    jsSearch: Partial<Record<'minisearch' | 'flexsearch', SearchRun>>;
  };
}

/** What a search engine script reports: per pass, per query, ms; hits per query (-1: cannot answer). */
export interface SearchRun {
  timings: number[][];
  hits: number[];
  tagging?: { documents: number; ms: number };
  notices?: (string | null)[];
}

/** The archive of the whole corpus: from this run's import, else a cached one, else imported now. */
export async function ensureArchive(ctx: BenchContext): Promise<string> {
  const archive = path.join(ctx.workDir, 'archive');
  const marker = path.join(archive, '.bench-corpus');
  if (ctx.state.pithArchive && fs.existsSync(ctx.state.pithArchive)) return ctx.state.pithArchive;
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === ctx.corpus.name) {
    log(`using the archive imported by an earlier run: ${archive}`);
    ctx.state.pithArchive = archive;
    return archive;
  }
  log(`importing the corpus into ${archive} (needed by this workload)`);
  await runEngine('pith-import', ['--archive', archive, '--path', ctx.corpus.dir, '--keep'], { timeoutMs: 4 * 3600_000 });
  fs.writeFileSync(marker, ctx.corpus.name);
  ctx.state.pithArchive = archive;
  return archive;
}

/** Marks a folder as an archive of the whole corpus and makes it the shared one. */
export function adoptArchive(ctx: BenchContext, dir: string): void {
  const archive = path.join(ctx.workDir, 'archive');
  if (dir !== archive) {
    fs.rmSync(archive, { recursive: true, force: true });
    fs.renameSync(dir, archive);
  }
  fs.writeFileSync(path.join(archive, '.bench-corpus'), ctx.corpus.name);
  ctx.state.pithArchive = archive;
}

/** Runs an engine up to ctx.reps times, stopping early when the runs so far used up the budget. */
export async function repeat<T>(
  ctx: BenchContext,
  label: string,
  runOnce: (rep: number) => Promise<ChildRun<T>>,
  reps = ctx.reps,
): Promise<ChildRun<T>[]> {
  const runs: ChildRun<T>[] = [];
  let spent = 0;
  for (let rep = 0; rep < reps; rep++) {
    if (rep > 0 && spent > ctx.repBudgetMs) break;
    const run = await runOnce(rep);
    spent += run.wallMs;
    runs.push(run);
    log(`${label} run ${rep + 1}: ${(run.wallMs / 1000).toFixed(1)} s wall, ${(run.cpuMs / 1000).toFixed(1)} s CPU, peak RSS ${run.maxRssMb.toFixed(0)} MB`);
  }
  return runs;
}

export type { ChildOptions };
