// Workload 2: import of one large PDF. Pith's whole import (PDFium extraction on the worker pool,
// page layout, storage, FTS5) vs poppler's pdftotext reading the same file; extraction alone on
// one thread for the analysis. On the generated manual and, when r-doc-pdf is installed, on R's
// 2,400-page reference manual (a real one: embedded Type 1 fonts, ligatures, page labels).
import fs from 'node:fs';
import path from 'node:path';
import type { BenchContext } from '../lib/context.ts';
import { ensureBigPdf } from '../corpus.ts';
import { section, type Section } from '../lib/report.ts';
import { fmt, fmtBytes, fmtSpread, hasCommand, log, runEngine, spread, timeCommand } from '../lib/util.ts';
import { profileFiles, report as profileReport } from '../profile.ts';

interface PithPdf {
  imported: number;
  pages: number;
  ms: number;
  dbBytes: number;
  failures: string[];
}

const REAL_MANUAL = '/usr/share/R/doc/manual/fullrefman.pdf';

/** The goals (issue 12): whole import vs pdftotext on this machine's cores. */
const GOAL_WALL = 0.75;
const GOAL_CPU = 1.0;
const GOAL_RSS_MB = 300;

export async function pdfWorkload(ctx: BenchContext): Promise<Section> {
  const s = section('pdf', '2. PDF import');
  const pages = ctx.quick ? 200 : 2400;
  const generated = await ensureBigPdf(pages, ctx.seed);
  const dir = path.join(ctx.workDir, 'pdf');
  fs.mkdirSync(dir, { recursive: true });
  const files: { file: string; caption: string; name: string; pages: number | null }[] = [
    {
      file: generated,
      name: `the generated ${pages}-page PDF`,
      pages,
      caption: `A generated PDF of ${pages.toLocaleString('en-US')} Letter pages (${fmtBytes(fs.statSync(generated).size)}, 46 lines of 10 pt Helvetica prose per page), ${path.relative(process.cwd(), generated)}.`,
    },
  ];
  if (!ctx.quick && fs.existsSync(REAL_MANUAL)) {
    files.push({ file: REAL_MANUAL, name: "R's reference manual", pages: null, caption: `R's reference manual (${fmtBytes(fs.statSync(REAL_MANUAL).size)}, Debian's r-doc-pdf), ${REAL_MANUAL}.` });
  } else if (!ctx.quick) {
    s.notes.push(`skipped: ${REAL_MANUAL} — not installed (apt-get install r-doc-pdf).`);
  }
  for (const f of files) await measure(ctx, s, dir, f);
  if (ctx.profile) {
    const profDir = path.join(ctx.profileDir, 'pdf');
    fs.rmSync(profDir, { recursive: true, force: true });
    await runEngine('pith-import', ['--archive', path.join(dir, 'archive'), '--path', generated, '--keep'], { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] });
    s.details = [{ summary: 'Pith PDF import under --cpu-prof', text: profileReport(profileFiles([profDir]), 12) }];
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return s;
}

async function measure(ctx: BenchContext, s: Section, dir: string, f: { file: string; caption: string; name: string; pages: number | null }): Promise<void> {
  const { file } = f;
  const reps = ctx.quick ? Math.min(ctx.reps, 2) : Math.min(ctx.reps, 3);
  const rows: string[][] = [];
  let pages = f.pages ?? 0;
  const pith: { ms: number; cpuMs: number; rss: number }[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const run = await runEngine<PithPdf>('pith-import', ['--archive', path.join(dir, 'archive'), '--path', file], { timeoutMs: 3600_000 });
    if (run.result.imported !== 1 || (f.pages !== null && run.result.pages !== f.pages)) throw new Error(`Pith did not import the PDF: ${JSON.stringify(run.result)}`);
    pages = run.result.pages;
    pith.push({ ms: run.result.ms, cpuMs: run.cpuMs, rss: run.maxRssMb });
    log(`pdf: Pith ${pages} pages in ${(run.result.ms / 1000).toFixed(1)} s`);
  }
  const pithMs = spread(pith.map((r) => r.ms));
  const pithCpu = spread(pith.map((r) => r.cpuMs));
  const pithRss = spread(pith.map((r) => r.rss));
  rows.push([
    'Pith: importPaths (extract on the worker pool + store + index)',
    String(pith.length),
    fmtSpread(spread(pith.map((r) => pages / (r.ms / 1000))), 0),
    fmtSpread(spread(pith.map((r) => r.ms / 1000)), 1),
    fmtSpread(spread(pith.map((r) => r.cpuMs / 1000)), 1),
    fmtSpread(pithRss, 0),
    '1.00×',
  ]);

  let pdftotextMs = NaN;
  let pdftotextCpu = NaN;
  if (hasCommand('pdftotext')) {
    const runs: { wallMs: number; cpuMs: number; maxRssMb: number }[] = [];
    const out = path.join(dir, 'pdftotext.txt');
    for (let rep = 0; rep < reps; rep++) {
      const r = timeCommand('pdftotext', [file, out]);
      if (r.status !== 0) throw new Error('pdftotext failed');
      runs.push(r);
      log(`pdf: pdftotext in ${(r.wallMs / 1000).toFixed(1)} s`);
    }
    pdftotextMs = spread(runs.map((r) => r.wallMs)).median;
    pdftotextCpu = spread(runs.map((r) => r.cpuMs)).median;
    rows.push([
      "poppler's pdftotext (text only, one thread)",
      String(runs.length),
      fmtSpread(spread(runs.map((r) => pages / (r.wallMs / 1000))), 0),
      fmtSpread(spread(runs.map((r) => r.wallMs / 1000)), 1),
      fmtSpread(spread(runs.map((r) => r.cpuMs / 1000)), 1),
      fmtSpread(spread(runs.map((r) => r.maxRssMb)), 0),
      `${fmt(pithMs.median / pdftotextMs, 2)}×`,
    ]);
  } else {
    s.notes.push('skipped: pdftotext — poppler-utils is not installed (apt-get install poppler-utils).');
  }

  const alone = await runEngine<{ pages: number; ms: number }>('pdfium-extract', ['--path', file], { timeoutMs: 3600_000 });
  rows.push([
    "PDFium and layout alone (Pith's extractor, one thread, no storage)",
    '1',
    fmt(alone.result.pages / (alone.result.ms / 1000), 0),
    fmt(alone.result.ms / 1000, 1),
    fmt(alone.cpuMs / 1000, 1),
    fmt(alone.maxRssMb, 0),
    `${fmt(pithMs.median / alone.result.ms, 2)}×`,
  ]);
  s.tables.push({
    caption: f.caption,
    header: ['Reader', 'Runs', 'Pages/s', 'Time (s)', 'CPU (s)', 'Peak RSS (MB)', 'Pith time ÷ this'],
    rows,
  });
  const judged = Number.isFinite(pdftotextMs);
  const wall = pithMs.median / pdftotextMs;
  const cpu = pithCpu.median / pdftotextCpu;
  s.goals.push({
    goal: `PDF import at most ${GOAL_WALL}× pdftotext's wall time (${f.name})`,
    status: !judged ? 'not judged' : wall <= GOAL_WALL ? 'holds' : 'misses',
    detail: judged ? `Pith ${fmt(pithMs.median / 1000, 1)} s vs pdftotext ${fmt(pdftotextMs / 1000, 1)} s: ${fmt(wall, 2)}× (${pages} pages)` : 'pdftotext not installed',
  });
  s.goals.push({
    goal: `PDF import at most ${GOAL_CPU}× pdftotext's CPU (${f.name})`,
    status: !judged ? 'not judged' : cpu <= GOAL_CPU ? 'holds' : 'misses',
    detail: judged ? `Pith ${fmt(pithCpu.median / 1000, 1)} s vs pdftotext ${fmt(pdftotextCpu / 1000, 1)} s of CPU: ${fmt(cpu, 2)}×` : 'pdftotext not installed',
  });
  s.goals.push({
    goal: `PDF import peak RSS under ${GOAL_RSS_MB} MB (${f.name})`,
    status: pithRss.median < GOAL_RSS_MB ? 'holds' : 'misses',
    detail: `${fmt(pithRss.median, 0)} MB`,
  });
}
