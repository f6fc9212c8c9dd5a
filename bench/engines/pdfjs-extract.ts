// Workload 2, for the analysis: pdf.js text extraction alone (Pith's extractor, one thread, every
// page), without storing anything — how much of Pith's PDF import is reading the PDF.
//   pdfjs-extract.ts --path FILE
import fs from 'node:fs';
import { extractPdfChunk } from '../../core/import/extract/pdf.ts';
import { arg, reportResult } from '../lib/util.ts';

const file = arg(process.argv.slice(2), 'path')!;
const bytes = new Uint8Array(fs.readFileSync(file));
const started = performance.now();
const first = await extractPdfChunk(bytes.slice(), 1, 1);
const all = await extractPdfChunk(bytes.slice(), 1, first.numPages);
const ms = performance.now() - started;
reportResult({ pages: all.numPages, chars: all.pages.reduce((n, p) => n + p.text.length, 0), ms });
