// Workload 2, for the analysis: text extraction alone (Pith's extractor: PDFium and the page layout,
// one thread, every page), without storing anything — how much of Pith's PDF import is reading the
// PDF. With --chunk N, the pages are read N at a time, each range from a freshly opened document
// (as the import's tasks do).
//   pdfium-extract.ts --path FILE [--chunk N]
import fs from 'node:fs';
import { extractPdfChunk } from '../../core/import/extract/pdf.ts';
import { arg, reportResult } from '../lib/util.ts';

const file = arg(process.argv.slice(2), 'path')!;
const bytes = new Uint8Array(fs.readFileSync(file));
const started = performance.now();
const first = await extractPdfChunk(bytes.slice(), 1, 1);
const chunk = Number(arg(process.argv.slice(2), 'chunk') ?? first.numPages);
let chars = 0;
for (let start = 1; start <= first.numPages; start += chunk) {
  const part = await extractPdfChunk(bytes.slice(), start, Math.min(first.numPages, start + chunk - 1));
  chars += part.pages.reduce((n, p) => n + p.text.length, 0);
}
const ms = performance.now() - started;
reportResult({ pages: first.numPages, chars, ms, chunk });
