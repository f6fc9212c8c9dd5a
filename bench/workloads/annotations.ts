// Workloads 4 (re-anchoring) and 5 (export), over one archive of annotated documents made by
// engines/pith-reanchor.ts.
import fs from 'node:fs';
import path from 'node:path';
import type { BenchContext } from '../lib/context.ts';
import { ensureSmallPdfs } from '../corpus.ts';
import { section, type Section } from '../lib/report.ts';
import { fmt, fmtBytes, fmtSpread, log, runEngine, spread } from '../lib/util.ts';

interface ReanchorResult {
  documents: number;
  pdfs: number;
  annotations: number;
  addMs: number;
  reanchorCount: number;
  expected: { exact: number; fuzzy: number; orphaned: number };
  direct: { ms: number; cpuMs: number; counts: { exact: number; fuzzy: number; orphaned: number } }[];
  update: { ms: number; updated: number; failed: number; methods: Record<string, number> };
}

function sizes(ctx: BenchContext) {
  return ctx.quick
    ? { docs: 200, pdfs: 5, md: 200, pdf: 20 }
    : { docs: 1000, pdfs: 25, md: 1000, pdf: 100 };
}

function annotatedDir(ctx: BenchContext): string {
  return path.join(ctx.workDir, 'annotated');
}

async function makeAnnotatedArchive(ctx: BenchContext): Promise<ReanchorResult> {
  const n = sizes(ctx);
  const pdfs = await ensureSmallPdfs(n.pdfs, 6, ctx.seed);
  const listFile = path.join(ctx.workDir, 'small-pdfs.json');
  fs.writeFileSync(listFile, JSON.stringify(pdfs));
  const run = await runEngine<ReanchorResult>(
    'pith-reanchor',
    ['--work', annotatedDir(ctx), '--manifest', ctx.manifestFile, '--dir', ctx.corpus.dir, '--docs', String(n.docs), '--per', '10', '--reps', String(Math.min(ctx.reps, 3)), '--pdfs', listFile],
    { timeoutMs: 3600_000 },
  );
  fs.writeFileSync(path.join(annotatedDir(ctx), '.bench-corpus'), ctx.corpus.name);
  return run.result;
}

export async function reanchorWorkload(ctx: BenchContext): Promise<Section> {
  const s = section('reanchor', '4. Re-anchoring');
  log('reanchor: building the annotated archive, editing, re-anchoring');
  const r = await makeAnnotatedArchive(ctx);
  const direct = spread(r.direct.map((d) => r.reanchorCount / (d.ms / 1000)));
  const counts = r.direct[0]!.counts;
  const m = r.update.methods;
  s.tables.push({
    caption: `${r.reanchorCount.toLocaleString('en-US')} quoted annotations (${r.annotations.toLocaleString('en-US')} added through the API, 10 per document, plus suggested takeaways) on ${r.documents.toLocaleString('en-US')} plain-text documents, after an edit of every document.`,
    header: ['Measure', 'Runs', 'Annotations/s', 'Time (s)', 'Result'],
    rows: [
      [
        'reanchorDocument on each edited document (direct, rolled back)',
        String(r.direct.length),
        fmtSpread(direct, 0),
        fmtSpread(spread(r.direct.map((d) => d.ms / 1000)), 2),
        `exact ${counts.exact}, fuzzy ${counts.fuzzy}, orphaned ${counts.orphaned}`,
      ],
      [
        'Re-import of the edited files with update (extract + store + FTS5 + re-anchor)',
        '1',
        fmt(r.reanchorCount / (r.update.ms / 1000), 0),
        fmt(r.update.ms / 1000, 2),
        `${r.update.updated} documents updated; anchors: exact ${m.exact ?? 0}, fuzzy ${m.fuzzy ?? 0}, orphaned ${m.orphaned ?? 0}`,
      ],
      [
        'addAnnotation through the API (setup)',
        '1',
        fmt(r.annotations / (r.addMs / 1000), 0),
        fmt(r.addMs / 1000, 2),
        `${r.annotations.toLocaleString('en-US')} annotations`,
      ],
    ],
  });
  s.notes.push(
    `The edits, by construction: every document gets two sentences inserted after its byline (every quote moves); ${r.expected.exact} quotes kept (30% of them with a sentence inserted right before them), ${r.expected.fuzzy} with one word changed (expected fuzzy), ${r.expected.orphaned} rewritten away (expected orphaned).`,
  );
  return s;
}

interface ExportResult {
  runs: { ms: number; cpuMs: number; files: number; bytes: number; documents: number; annotations: number; failed: number }[];
  typeset: number;
  originals: number;
}

export async function exportWorkload(ctx: BenchContext): Promise<Section> {
  const s = section('export', '5. Export');
  const n = sizes(ctx);
  const marker = path.join(annotatedDir(ctx), '.bench-corpus');
  if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== ctx.corpus.name) {
    log('export: building the annotated archive first');
    await makeAnnotatedArchive(ctx);
  }
  const archive = path.join(annotatedDir(ctx), 'archive');
  const ids = path.join(annotatedDir(ctx), 'ids.json');
  const rows: string[][] = [];
  for (const [format, count, originals, label] of [
    ['md', n.md, 0, `Markdown notes, ${n.md.toLocaleString('en-US')} documents`],
    ['pdf', n.pdf, n.pdfs, `Annotated PDFs, ${n.pdf} documents (${n.pdf - n.pdfs} typeset from text + ${n.pdfs} PDF originals)`],
  ] as const) {
    log(`export: ${format}`);
    const out = path.join(ctx.workDir, `export-${format}`);
    const run = await runEngine<ExportResult>(
      'pith-export',
      ['--archive', archive, '--ids', ids, '--format', format, '--count', String(count), '--pdf-originals', String(originals), '--out', out, '--reps', String(Math.min(ctx.reps, 3))],
      { timeoutMs: 3600_000 },
    );
    const runs = run.result.runs;
    const last = runs[runs.length - 1]!;
    rows.push([
      label,
      String(runs.length),
      fmtSpread(spread(runs.map((x) => x.documents / (x.ms / 1000))), 1),
      fmtSpread(spread(runs.map((x) => x.annotations / (x.ms / 1000))), 0),
      fmtSpread(spread(runs.map((x) => x.ms / 1000)), 2),
      fmtSpread(spread(runs.map((x) => x.cpuMs / 1000)), 2),
      fmt(run.maxRssMb, 0),
      `${last.files} files, ${fmtBytes(last.bytes)}${last.failed ? `, ${last.failed} failed` : ''}`,
    ]);
    fs.rmSync(out, { recursive: true, force: true });
  }
  s.tables.push({
    caption: 'exportAnnotations through the API, over the annotated archive of workload 4 (after its re-import).',
    header: ['Export', 'Runs', 'Documents/s', 'Annotations/s', 'Time (s)', 'CPU (s)', 'Peak RSS (MB)', 'Output'],
    rows,
  });
  return s;
}
