// Workload 1: batch import of the text corpus. Pith (Pith.open + importPaths on a fresh archive,
// the code path of `pith import`) vs the floor (raw better-sqlite3 into a bare FTS5 table, one
// transaction) vs MiniSearch and FlexSearch building their in-memory indexes from the same files.
// Each engine runs in its own child process; runs are interleaved (floor, Pith, MiniSearch,
// FlexSearch, then again) so that a change of machine load hits all of them alike.
import fs from 'node:fs';
import path from 'node:path';
import { adoptArchive, type BenchContext, type SearchRun } from '../lib/context.ts';
import { section, type Section } from '../lib/report.ts';
import { fmt, fmtBytes, fmtSpread, log, runEngine, spread, type ChildRun } from '../lib/util.ts';
import { profileFiles, report as profileReport } from '../profile.ts';

interface ImportResult {
  imported: number;
  ms: number;
  failed?: number;
  failures?: string[];
  dbBytes?: number;
  filesBytes?: number;
  serializedBytes?: number;
  suggested?: number;
  peaks?: { rssAnonMb: number; rssFileMb: number; mainHeapMb?: number; externalMb?: number } | null;
}

type Engine = 'floor' | 'pith' | 'minisearch' | 'flexsearch';
const LABEL: Record<Engine, string> = {
  floor: 'Floor: better-sqlite3 + bare FTS5, one transaction',
  pith: 'Pith: importPaths (pith import)',
  minisearch: 'MiniSearch 7.2 (in memory)',
  flexsearch: 'FlexSearch 0.8 Document (in memory)',
};

export async function importWorkload(ctx: BenchContext): Promise<Section> {
  const s = section('import', '1. Text import');
  const dir = path.join(ctx.workDir, 'import');
  fs.mkdirSync(dir, { recursive: true });
  const { corpus } = ctx;
  const jsHeap = ['--max-old-space-size=14000'];
  const timeoutMs = ctx.quick ? 15 * 60_000 : 4 * 3600_000;
  const runs: Record<Engine, ChildRun<ImportResult>[]> = { floor: [], pith: [], minisearch: [], flexsearch: [] };
  const spent: Record<Engine, number> = { floor: 0, pith: 0, minisearch: 0, flexsearch: 0 };
  const failed: Partial<Record<Engine, string>> = {};
  let lastPith: string | undefined;
  let lastFloor: string | undefined;

  const baseline = await runEngine<{ ms: number }>('baseline', []);
  const runOne = async (engine: Engine, rep: number): Promise<ChildRun<ImportResult>> => {
    switch (engine) {
      case 'floor': {
        const db = path.join(dir, `floor-${rep}.db`);
        const run = await runEngine<ImportResult>('floor', ['--manifest', ctx.manifestFile, '--dir', corpus.dir, '--db', db, '--keep'], { timeoutMs });
        if (lastFloor) fs.rmSync(lastFloor, { force: true });
        lastFloor = db;
        return run;
      }
      case 'pith': {
        const archive = path.join(dir, `pith-${rep}`);
        const run = await runEngine<ImportResult>('pith-import', ['--archive', archive, '--path', corpus.dir, '--keep'], { timeoutMs });
        if (lastPith) fs.rmSync(lastPith, { recursive: true, force: true });
        lastPith = archive;
        return run;
      }
      default: {
        // The first run also answers the search workload's queries (after its build is timed), so
        // that the in-memory index is not built once more for workload 3.
        const withQueries = rep === 0 && ctx.searchPlanned;
        const extra = withQueries ? ['--queries', ctx.queriesFile, '--passes', '3'] : [];
        const run = await runEngine<ImportResult & Partial<SearchRun>>(engine, ['--manifest', ctx.manifestFile, '--dir', corpus.dir, ...extra], { nodeArgs: jsHeap, timeoutMs });
        if (withQueries && run.result.timings && run.result.hits) ctx.state.jsSearch[engine] = { timings: run.result.timings, hits: run.result.hits };
        return run;
      }
    }
  };

  const engines: Engine[] = ['floor', 'pith', 'minisearch', 'flexsearch'];
  for (let rep = 0; rep < ctx.reps; rep++) {
    for (const engine of engines) {
      if (failed[engine]) continue;
      // The in-memory engines are slow at full size: repeated only within the budget.
      if (rep > 0 && spent[engine] > ctx.repBudgetMs) continue;
      log(`import: ${engine} run ${rep + 1}`);
      try {
        const run = await runOne(engine, rep);
        spent[engine] += run.wallMs;
        runs[engine].push(run);
        log(`import: ${engine} ${run.result.imported} docs in ${(run.result.ms / 1000).toFixed(1)} s (${fmt(run.result.imported / (run.result.ms / 1000))} docs/s), CPU ${(run.cpuMs / 1000).toFixed(1)} s, peak RSS ${run.maxRssMb.toFixed(0)} MB`);
      } catch (error) {
        failed[engine] = (error as Error).message.split('\n').slice(0, 3).join(' ');
        log(`import: ${engine} failed: ${failed[engine]}`);
      }
    }
  }
  if (lastPith) adoptArchive(ctx, lastPith);
  if (lastFloor) {
    const keep = path.join(ctx.workDir, 'floor.db');
    fs.rmSync(keep, { force: true });
    fs.renameSync(lastFloor, keep);
    ctx.state.floorDb = keep;
  }

  const median = (e: Engine) => spread(runs[e].map((r) => r.result.ms)).median;
  const rows: string[][] = [];
  for (const engine of engines) {
    const list = runs[engine];
    if (list.length === 0) {
      rows.push([LABEL[engine], '0', failed[engine] ? `failed: ${failed[engine]!.slice(0, 120)}` : '—', '', '', '', '', '']);
      continue;
    }
    const last = list[list.length - 1]!.result;
    const sized = [...list].reverse().find((r) => r.result.serializedBytes !== undefined)?.result.serializedBytes;
    const size =
      engine === 'pith'
        ? `${fmtBytes(last.dbBytes!)} db + ${fmtBytes(last.filesBytes!)} originals`
        : engine === 'floor'
          ? fmtBytes(last.dbBytes!)
          : sized !== undefined
            ? `${fmtBytes(sized)} serialized`
            : '—';
    rows.push([
      LABEL[engine],
      String(list.length),
      fmtSpread(spread(list.map((r) => r.result.imported / (r.result.ms / 1000))), 0),
      fmtSpread(spread(list.map((r) => r.result.ms / 1000)), 1),
      fmtSpread(spread(list.map((r) => r.cpuMs / 1000)), 1),
      fmtSpread(spread(list.map((r) => r.maxRssMb)), 0),
      size,
      engine === 'pith' ? '1.00×' : Number.isFinite(median(engine)) && Number.isFinite(median('pith')) ? `${fmt(median('pith') / median(engine), 2)}×` : '—',
    ]);
  }
  s.tables.push({
    caption: `${corpus.docs.length.toLocaleString('en-US')} documents, ${fmtBytes(corpus.totalBytes)} of text; every engine reads the files itself.`,
    header: ['Engine', 'Runs', 'Docs/s', 'Time (s)', 'CPU (s)', 'Peak RSS (MB)', 'Size on disk', 'Pith time ÷ this'],
    rows,
  });
  s.notes.push(
    `Peak RSS is each engine's own process (worker threads included), measured as process.resourceUsage().maxRSS at its end; an empty Node + tsx process peaks at ${baseline.maxRssMb.toFixed(0)} MB.`,
    'CPU is user + system time of the whole process (all threads); on a loaded machine it is steadier than wall time.',
    ...(ctx.searchPlanned ? ["The in-memory engines' first run also answered workload 3's queries after its timed build (their peak RSS includes that)."] : []),
    'Size on disk: Pith keeps the database (text, FTS5 index with 2- and 3-letter prefix indexes, annotations) and a copy of every original under files/; the floor keeps the text in its FTS5 table; the in-memory engines keep nothing on disk — the figure is their index serialized as JSON, for comparison.',
  );
  const pithRuns = runs.pith;
  if (pithRuns.length > 0) {
    const last = pithRuns[pithRuns.length - 1]!.result;
    if (last.failed) s.notes.push(`Pith reported ${last.failed} failed files, e.g. ${last.failures?.join('; ')}`);
    if (last.peaks)
      s.notes.push(
        `Pith's peak RSS, split (sampled from /proc/self/status every 200 ms): ${fmt(last.peaks.rssAnonMb, 0)} MB anonymous (JS heaps of the main thread and the workers, SQLite's page cache) and ${fmt(last.peaks.rssFileMb, 0)} MB file-backed (loaded code and libraries; Pith does not memory-map the database since 3ef72cd)${last.peaks.mainHeapMb ? `; the main thread's V8 heap peaked at ${fmt(last.peaks.mainHeapMb, 0)} MB` : ''}.`,
      );
    if (last.suggested) s.notes.push(`Pith also found ${last.suggested} suggested takeaways ("Key Takeaways" lists) during import; the others do no such work.`);
  }

  const ratioFloor = median('pith') / median('floor');
  s.goals.push({
    goal: 'Text import within 1.5× of the FTS5 floor',
    status: !Number.isFinite(ratioFloor) ? 'not judged' : ratioFloor <= 1.5 ? 'holds' : 'misses',
    detail: Number.isFinite(ratioFloor)
      ? `Pith ${fmt(median('pith') / 1000, 1)} s vs floor ${fmt(median('floor') / 1000, 1)} s: ${fmt(ratioFloor, 2)}× (${ctx.docs.toLocaleString('en-US')} docs)`
      : 'not measured',
  });
  const slower = (['minisearch', 'flexsearch'] as Engine[]).filter((e) => Number.isFinite(median(e)) && median('pith') >= median(e));
  const measured = (['minisearch', 'flexsearch'] as Engine[]).filter((e) => Number.isFinite(median(e)));
  s.goals.push({
    goal: 'Text import faster than both in-memory JS engines',
    status: measured.length < 2 || !Number.isFinite(median('pith')) ? 'not judged' : slower.length === 0 ? 'holds' : 'misses',
    detail: measured.map((e) => `${e} ${fmt(median(e) / 1000, 1)} s (Pith ${fmt(median(e) / median('pith'), 2)}× as fast)`).join('; ') || 'not measured',
  });
  const rss = spread(pithRuns.map((r) => r.maxRssMb)).max;
  s.goals.push({
    goal: 'Import peak RSS under 500 MB at 100,000 documents',
    status: !Number.isFinite(rss) ? 'not judged' : ctx.docs < 100_000 ? 'not judged' : rss < 500 ? 'holds' : 'misses',
    detail: Number.isFinite(rss) ? `${fmt(rss, 0)} MB at ${ctx.docs.toLocaleString('en-US')} documents${ctx.docs < 100_000 ? ' (judged at full size only)' : ''}` : 'not measured',
  });

  if (ctx.profile) {
    const profDir = path.join(ctx.profileDir, 'import');
    fs.rmSync(profDir, { recursive: true, force: true });
    log('import: one more Pith run under --cpu-prof');
    const archive = path.join(dir, 'pith-profile');
    await runEngine('pith-import', ['--archive', archive, '--path', corpus.dir, '--keep'], {
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
      timeoutMs,
    });
    fs.rmSync(archive, { recursive: true, force: true });
    s.details = [{ summary: `Pith import under --cpu-prof (profiles in ${path.relative(process.cwd(), profDir)})`, text: profileReport(profileFiles([profDir]), 14) }];
  }
  return s;
}
