// Workload 3: search over the imported corpus. The same 300 queries (bench/queries.ts) through
// Pith's search (bm25 top 20 with snippets), the naive FTS5 query over the floor's table (bm25 top 20
// with snippets), MiniSearch and FlexSearch (top 20 ids, no snippets), and ripgrep over the files
// (a sample of the queries: it reads every file each time).
import fs from 'node:fs';
import path from 'node:path';
import { ensureArchive, type BenchContext, type SearchRun } from '../lib/context.ts';
import { ripgrepRuns, type BenchQuery, type QueryClass } from '../queries.ts';
import { section, type Section } from '../lib/report.ts';
import { fmt, fmtSpread, hasCommand, log, percentiles, runEngine, spread, timeCommand } from '../lib/util.ts';
import { profileFiles, report as profileReport } from '../profile.ts';


interface EngineStats {
  label: string;
  passes: number;
  queries: number;
  p50: number[];
  p95: number[];
  p99: number[];
  max: number[];
  /** Median over the passes, per query (NaN where the engine cannot answer it). */
  perQuery: number[];
  note?: string;
}

function stats(label: string, run: SearchRun): EngineStats {
  const per = run.timings.map((pass) => percentiles(pass.filter((t) => Number.isFinite(t))));
  const perQuery = run.timings[0]!.map((_, i) => spread(run.timings.map((pass) => pass[i]!)).median);
  return {
    label,
    passes: run.timings.length,
    queries: run.timings[0]!.filter((t) => Number.isFinite(t)).length,
    p50: per.map((p) => p.p50),
    p95: per.map((p) => p.p95),
    p99: per.map((p) => p.p99),
    max: per.map((p) => p.max),
    perQuery,
  };
}

export async function searchWorkload(ctx: BenchContext): Promise<Section> {
  const s = section('search', '3. Search');
  const archive = await ensureArchive(ctx);
  const queries = JSON.parse(fs.readFileSync(ctx.queriesFile, 'utf8')) as BenchQuery[];
  const queriesFile = ctx.queriesFile;
  const passes = 3;
  const engines: EngineStats[] = [];

  log('search: Pith');
  const pithRun = await runEngine<SearchRun>(
    'pith-search',
    ['--archive', archive, '--manifest', ctx.manifestFile, '--queries', queriesFile, '--passes', String(passes), '--dir', ctx.corpus.dir],
    { timeoutMs: 3600_000 },
  );
  const pith = stats('Pith search (bm25 top 20, snippets)', pithRun.result);
  engines.push(pith);
  if (pithRun.result.tagging?.documents)
    s.notes.push(
      `Before searching, ${pithRun.result.tagging.documents.toLocaleString('en-US')} documents were tagged through the API (tagDocument) in ${fmt(pithRun.result.tagging.ms / 1000, 1)} s (${fmt(pithRun.result.tagging.ms / pithRun.result.tagging.documents, 2)} ms each).`,
    );

  const noticed = (pithRun.result.notices ?? []).map((n, i) => ({ n, q: queries[i]! })).filter((x) => x.n);
  if (noticed.length)
    s.notes.push(`Pith answered ${noticed.length} queries with a notice, e.g. ${noticed.slice(0, 3).map((x) => `\`${x.q.q}\`: “${x.n}”`).join('; ')}.`);

  // The naive FTS5 query over the floor's table: what Pith's design improves on.
  let floorDb = ctx.state.floorDb ?? path.join(ctx.workDir, 'floor.db');
  if (!fs.existsSync(floorDb)) {
    log('search: building the floor table for the naive FTS5 query');
    await runEngine('floor', ['--manifest', ctx.manifestFile, '--dir', ctx.corpus.dir, '--db', floorDb, '--keep'], { timeoutMs: 3600_000 });
    ctx.state.floorDb = floorDb;
  }
  log('search: naive FTS5');
  const floorRun = await runEngine<SearchRun>('floor', ['--search', '--db', floorDb, '--queries', queriesFile, '--passes', '2'], { timeoutMs: 3600_000 });
  const floor = stats('Naive FTS5 (bm25 top 20 + snippet, no tag/date filters)', floorRun.result);
  engines.push(floor);

  const heap = ['--max-old-space-size=14000'];
  for (const [engine, label] of [
    ['minisearch', 'MiniSearch (AND, top 20 ids, no snippets)'],
    ['flexsearch', 'FlexSearch (top 20 ids, no snippets)'],
  ] as const) {
    try {
      let result = ctx.state.jsSearch[engine];
      if (!result) {
        log(`search: ${engine} (builds its index first)`);
        result = (
          await runEngine<SearchRun>(engine, ['--manifest', ctx.manifestFile, '--dir', ctx.corpus.dir, '--queries', queriesFile, '--passes', String(passes)], {
            nodeArgs: heap,
            timeoutMs: 4 * 3600_000,
          })
        ).result;
      }
      const st = stats(label, result);
      const unsupported = result.hits.filter((h) => h === -1).length;
      if (unsupported) st.note = `${unsupported} queries it cannot answer left out`;
      engines.push(st);
    } catch (error) {
      s.notes.push(`${engine} failed: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  // ripgrep over the files, on a sample of the queries it can express.
  let rgRows: string[][] = [];
  let rgRatio = NaN;
  let rgWorst = NaN;
  if (hasCommand('rg')) {
    const expressible = queries.filter((q) => ripgrepRuns(q) !== null);
    const sampleSize = ctx.quick ? 20 : 12;
    const step = expressible.length / sampleSize;
    const sample = Array.from({ length: sampleSize }, (_, i) => expressible[Math.floor(i * step)]!);
    const rgTimes: number[] = [];
    const pithTimes: number[] = [];
    for (const q of sample) {
      let files: Set<string> | undefined;
      let ms = 0;
      for (const args of ripgrepRuns(q)!) {
        const r = timeCommand('rg', [...args, ctx.corpus.dir]);
        ms += r.wallMs;
        const found = new Set(r.stdout.split('\n').filter(Boolean));
        const previous: Set<string> | undefined = files;
        files = previous === undefined ? found : new Set([...previous].filter((f) => found.has(f)));
      }
      rgTimes.push(ms);
      pithTimes.push(pith.perQuery[q.id]!);
      rgRows.push([q.q, q.cls, fmt(ms, 0), String(files?.size ?? 0), fmt(pith.perQuery[q.id]!, 2), String(pithRun.result.hits[q.id]), `${fmt(ms / pith.perQuery[q.id]!, 0)}×`]);
    }
    const rgMedian = spread(rgTimes).median;
    const pithMedian = spread(pithTimes).median;
    rgRatio = rgMedian / pithMedian;
    rgWorst = Math.min(...rgTimes.map((t, i) => t / pithTimes[i]!));
    engines.push({
      label: `ripgrep 13 over the files (${sample.length} of the queries, 1 pass)`,
      passes: 1,
      queries: sample.length,
      p50: [percentiles(rgTimes).p50],
      p95: [percentiles(rgTimes).p95],
      p99: [percentiles(rgTimes).p99],
      max: [percentiles(rgTimes).max],
      perQuery: [],
    });
  } else {
    s.notes.push('skipped: ripgrep — rg is not installed (apt-get install ripgrep).');
  }

  const pithP95 = spread(pith.p95).median;
  s.tables.push({
    caption: `${queries.length} queries over ${ctx.docs.toLocaleString('en-US')} documents, each engine in its own process after a warm-up pass; latencies in ms, median (min–max) over the passes.`,
    header: ['Engine', 'Passes', 'Queries', 'p50', 'p95', 'p99', 'max', 'its p95 ÷ Pith p95'],
    rows: engines.map((e) => [
      e.label + (e.note ? ` — ${e.note}` : ''),
      String(e.passes),
      String(e.queries),
      fmtSpread(spread(e.p50), 2),
      fmtSpread(spread(e.p95), 2),
      fmtSpread(spread(e.p99), 2),
      fmtSpread(spread(e.max), 1),
      e === pith ? '1.00×' : `${fmt(spread(e.p95).median / pithP95, 2)}×`,
    ]),
  });

  // Pith by query class, and its slowest queries.
  const classes = [...new Set(queries.map((q) => q.cls))] as QueryClass[];
  s.tables.push({
    caption: 'Pith by query class (ms; per query: median over the passes), with the naive FTS5 query beside it.',
    header: ['Class', 'Queries', 'Pith p50', 'Pith p95', 'Pith max', 'Naive FTS5 p95', 'Median hits (Pith total)'],
    rows: classes.map((cls) => {
      const ids = queries.filter((q) => q.cls === cls).map((q) => q.id);
      const p = percentiles(ids.map((i) => pith.perQuery[i]!));
      const f = percentiles(ids.map((i) => floor.perQuery[i]!).filter((t) => Number.isFinite(t) && t >= 0));
      return [cls, String(ids.length), fmt(p.p50, 2), fmt(p.p95, 2), fmt(p.max, 1), fmt(f.p95, 1), fmt(spread(ids.map((i) => pithRun.result.hits[i]!)).median, 0)];
    }),
  });
  const slowest = [...queries].sort((a, b) => pith.perQuery[b.id]! - pith.perQuery[a.id]!).slice(0, 10);
  s.tables.push({
    caption: "Pith's ten slowest queries.",
    header: ['Query', 'Class', 'ms (median)', 'Hits (total)', 'Naive FTS5 ms'],
    rows: slowest.map((q: BenchQuery) => [q.q, q.cls, fmt(pith.perQuery[q.id]!, 2), String(pithRun.result.hits[q.id]), fmt(floor.perQuery[q.id]!, 1)]),
  });
  if (rgRows.length > 0) {
    s.tables.push({
      caption: 'ripgrep (`rg -l -i -w`, file lists intersected for AND) vs Pith on the sampled queries.',
      header: ['Query', 'Class', 'rg ms', 'rg files', 'Pith ms', 'Pith hits', 'rg ÷ Pith'],
      rows: rgRows,
    });
  }
  s.notes.push(
    "Pith's latency is pith.search({query, limit: 20}) in-process: parsing, FTS5, ranking and HTML snippets for the page of hits, documents and annotations both.",
    'MiniSearch and FlexSearch answer phrases as AND of their words. FlexSearch runs with its default (strict, whole-word) tokenizer: its "forward" tokenizer, needed for prefixes, took about 4× the CPU and 2.5× the memory to build (5,000 documents: 25.7 s and 669 MB vs 5.7 s and 269 MB), so prefix queries are left out for it; it has no date ranges either (a dated query takes a deep candidate list filtered by date; a date filter alone is left out). Neither makes snippets.',
  );

  s.goals.push({
    goal: 'Search p95 under 15 ms at 100,000 documents (with snippets)',
    status: ctx.docs < 100_000 ? 'not judged' : pithP95 < 15 ? 'holds' : 'misses',
    detail: `p95 ${fmt(pithP95, 2)} ms, p99 ${fmt(spread(pith.p99).median, 2)} ms at ${ctx.docs.toLocaleString('en-US')} documents${ctx.docs < 100_000 ? ' (judged at full size only)' : ''}`,
  });
  s.goals.push({
    goal: 'Search at least 100× faster than ripgrep over the same texts',
    status: !Number.isFinite(rgRatio) ? 'not judged' : rgRatio >= 100 ? 'holds' : 'misses',
    detail: Number.isFinite(rgRatio)
      ? `median over the sampled queries ${fmt(rgRatio, 0)}× (worst single query ${fmt(rgWorst, 0)}×)`
      : 'ripgrep not installed',
  });

  if (ctx.profile) {
    const profDir = path.join(ctx.profileDir, 'search');
    fs.rmSync(profDir, { recursive: true, force: true });
    await runEngine(
      'pith-search',
      ['--archive', archive, '--manifest', ctx.manifestFile, '--queries', queriesFile, '--passes', '3', '--dir', ctx.corpus.dir],
      { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] },
    );
    s.details = [{ summary: 'Pith search under --cpu-prof', text: profileReport(profileFiles([profDir]), 20) }];
  }
  return s;
}
