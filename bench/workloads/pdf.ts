// Workload 2: import of one large PDF. Pith's whole import (PDFium extraction on the worker pool,
// page layout, storage, FTS5) vs poppler's pdftotext reading the same file; extraction alone
// on one thread for the analysis.
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

export async function pdfWorkload(ctx: BenchContext): Promise<Section> {
  const s = section('pdf', '2. PDF import');
  const pages = ctx.quick ? 200 : 2400;
  const file = await ensureBigPdf(pages, ctx.seed);
  const dir = path.join(ctx.workDir, 'pdf');
  fs.mkdirSync(dir, { recursive: true });
  const reps = ctx.quick ? Math.min(ctx.reps, 2) : Math.min(ctx.reps, 3);
  const rows: string[][] = [];

  const pith: { ms: number; cpuMs: number; rss: number }[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const run = await runEngine<PithPdf>('pith-import', ['--archive', path.join(dir, 'archive'), '--path', file], { timeoutMs: 3600_000 });
    if (run.result.imported !== 1 || run.result.pages !== pages) throw new Error(`Pith did not import the PDF: ${JSON.stringify(run.result)}`);
    pith.push({ ms: run.result.ms, cpuMs: run.cpuMs, rss: run.maxRssMb });
    log(`pdf: Pith ${pages} pages in ${(run.result.ms / 1000).toFixed(1)} s`);
  }
  const pithMs = spread(pith.map((r) => r.ms));
  rows.push([
    'Pith: importPaths (extract on the worker pool + store + index)',
    String(pith.length),
    fmtSpread(spread(pith.map((r) => pages / (r.ms / 1000))), 0),
    fmtSpread(spread(pith.map((r) => r.ms / 1000)), 1),
    fmtSpread(spread(pith.map((r) => r.cpuMs / 1000)), 1),
    fmtSpread(spread(pith.map((r) => r.rss)), 0),
    '1.00×',
  ]);

  let pdftotextMs = NaN;
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
    caption: `A generated PDF of ${pages.toLocaleString('en-US')} Letter pages (${fmtBytes(fs.statSync(file).size)}, 46 lines of 10 pt Helvetica prose per page), ${path.relative(process.cwd(), file)}.`,
    header: ['Reader', 'Runs', 'Pages/s', 'Time (s)', 'CPU (s)', 'Peak RSS (MB)', 'Pith time ÷ this'],
    rows,
  });
  const ratio = pithMs.median / pdftotextMs;
  s.goals.push({
    goal: 'PDF import within 1.5× of pdftotext',
    status: !Number.isFinite(ratio) ? 'not judged' : ratio <= 1.5 ? 'holds' : 'misses',
    detail: Number.isFinite(ratio)
      ? `Pith ${fmt(pithMs.median / 1000, 1)} s vs pdftotext ${fmt(pdftotextMs / 1000, 1)} s: ${fmt(ratio, 2)}× (${pages} pages)`
      : 'pdftotext not installed',
  });
  if (ctx.profile) {
    const profDir = path.join(ctx.profileDir, 'pdf');
    fs.rmSync(profDir, { recursive: true, force: true });
    await runEngine('pith-import', ['--archive', path.join(dir, 'archive'), '--path', file, '--keep'], { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] });
    s.details = [{ summary: 'Pith PDF import under --cpu-prof', text: profileReport(profileFiles([profDir]), 12) }];
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return s;
}
