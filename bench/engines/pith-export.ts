// Workload 5: exportAnnotations over the archive made by pith-reanchor.ts: Markdown notes for the
// text documents, or annotated PDFs for a mix of text documents (typeset) and PDF originals.
//   pith-export.ts --archive DIR --ids FILE --format md|pdf --count N --pdf-originals M --out DIR --reps R
import fs from 'node:fs';
import { Pith } from '../../core/pith.ts';
import { arg, cpuNow, freshDir, reportResult, sizeOnDisk } from '../lib/util.ts';

const argv = process.argv.slice(2);
const format = arg(argv, 'format') as 'md' | 'pdf';
const ids = JSON.parse(fs.readFileSync(arg(argv, 'ids')!, 'utf8')) as { text: string[]; pdf: string[] };
const count = Number(arg(argv, 'count'));
const originals = Math.min(Number(arg(argv, 'pdf-originals') ?? 0), ids.pdf.length);
const out = arg(argv, 'out')!;
const reps = Number(arg(argv, 'reps') ?? 3);
const documentIds = [...ids.text.slice(0, count - originals), ...ids.pdf.slice(0, originals)];

const pith = Pith.open(arg(argv, 'archive')!);
const runs: { ms: number; cpuMs: number; files: number; bytes: number; documents: number; annotations: number; failed: number }[] = [];
for (let rep = 0; rep < reps; rep++) {
  freshDir(out);
  const cpu0 = cpuNow();
  const t0 = performance.now();
  const report = await pith.exportAnnotations({ format, documentIds, out, force: true });
  const ms = performance.now() - t0;
  runs.push({
    ms,
    cpuMs: cpuNow() - cpu0,
    files: report.files.length,
    bytes: sizeOnDisk(out),
    documents: report.documents,
    annotations: report.annotations,
    failed: report.failed.length,
  });
  if (report.failed.length) console.error(report.failed.slice(0, 3));
}
await pith.close();
reportResult({ runs, typeset: documentIds.length - originals, originals });
