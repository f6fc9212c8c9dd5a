// PDF text extraction: Pith's extract() (one thread, and page ranges on worker threads) against
// poppler's pdftotext. Generates a long PDF with pdf-lib unless one is given.
//   node bin/run-ts.js bench/pdf-extract.ts [--pages 2000] [--workers 2] [--flat] [file.pdf]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { PDFDict, PDFDocument, PDFName, PDFRef, StandardFonts } from 'pdf-lib';
import { assemblePdf, extract, extractPdfChunk, type PdfChunk } from '../core/import/extract/index.ts';
import { loadPdfium } from '../core/import/extract/pdfium.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const pages = opt('--pages', 2000);
const workers = opt('--workers', Math.max(1, Math.min(4, cpus().length)));
const flat = args.includes('--flat');
const given = args.find((a, i) => a.endsWith('.pdf') && !args[i - 1]?.startsWith('--'));

/** A manual-like PDF: a heading and 52 lines of words a page, one line in 13 in Courier. */
async function generate(n: number, balanced: boolean): Promise<Uint8Array> {
  const words = 'the of and to in is for that on with as by this are be from at or an which it can not use function value returns object table index page section example parameter option default string number buffer stream database query result error format file system memory thread process signal'.split(' ');
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const doc = await PDFDocument.create();
  doc.setTitle('Reference Manual');
  const f = await doc.embedFont(StandardFonts.Helvetica);
  const b = await doc.embedFont(StandardFonts.HelveticaBold);
  const c = await doc.embedFont(StandardFonts.Courier);
  for (let p = 1; p <= n; p++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`Chapter ${Math.ceil(p / 20)} Section ${p}`, { x: 72, y: 740, size: 16, font: b });
    let y = 715;
    for (let l = 0; l < 52; l++) {
      const line: string[] = [];
      for (let i = 0, k = 10 + Math.floor(rnd() * 6); i < k; i++) line.push(words[Math.floor(rnd() * words.length)]!);
      page.drawText(line.join(' '), { x: 72, y, size: 10, font: l % 13 === 12 ? c : f });
      y -= 12.5;
    }
    page.drawText(String(p), { x: 300, y: 30, size: 9, font: f });
  }
  if (balanced) {
    // pdf-lib writes one flat /Pages node; real producers write a tree. Regroup the pages under
    // nodes of 50.
    const ctx = doc.context;
    const rootRef = doc.catalog.get(PDFName.of('Pages')) as PDFRef;
    const leaves = doc.getPages().map((p) => p.ref);
    const nodes: PDFRef[] = [];
    for (let i = 0; i < leaves.length; i += 50) {
      const kids = leaves.slice(i, i + 50);
      const ref = ctx.register(ctx.obj({ Type: 'Pages', Kids: kids, Count: kids.length, Parent: rootRef }));
      for (const k of kids) ctx.lookup(k, PDFDict).set(PDFName.of('Parent'), ref);
      nodes.push(ref);
    }
    ctx.lookup(rootRef, PDFDict).set(PDFName.of('Kids'), ctx.obj(nodes));
  }
  return doc.save();
}

function time<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; cpu: number }> {
  const t = performance.now();
  const c = process.cpuUsage();
  return fn().then((value) => {
    const u = process.cpuUsage(c);
    return { value, ms: performance.now() - t, cpu: (u.user + u.system) / 1000 };
  });
}

async function chunked(bytes: Uint8Array, numPages: number, n: number): Promise<{ chunks: PdfChunk[]; ms: number }> {
  const per = Math.ceil(numPages / n);
  const entry = new URL('../core/import/extract/index.ts', import.meta.url).href;
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    import('tsx/esm/api').then(async ({ register }) => {
      register();
      const { extractPdfChunk } = await import(workerData.entry);
      const { loadPdfium } = await import(workerData.engine);
      await loadPdfium();
      parentPort.postMessage('ready');
      parentPort.once('message', async () => parentPort.postMessage(await extractPdfChunk(workerData.bytes, workerData.first, workerData.last)));
    });`;
  // Start the workers and load PDFium in them first: a pool keeps its workers warm.
  const ws = Array.from({ length: n }, (_, i) => new Worker(code, { eval: true, workerData: { entry, engine: new URL('../core/import/extract/pdfium.ts', import.meta.url).href, bytes, first: i * per + 1, last: (i + 1) * per } }));
  await Promise.all(ws.map((w) => new Promise((r) => w.once('message', r))));
  const t = performance.now();
  const chunks = await Promise.all(
    ws.map(
      (w) =>
        new Promise<PdfChunk>((resolve, reject) => {
          w.once('message', (m) => {
            resolve(m as PdfChunk);
            void w.terminate();
          });
          w.once('error', reject);
          w.postMessage('go');
        }),
    ),
  );
  return { chunks, ms: performance.now() - t };
}

let file = given;
if (!file) {
  mkdirSync(new URL('./.work/', import.meta.url), { recursive: true });
  file = new URL(`./.work/generated-${pages}${flat ? '-flat' : ''}.pdf`, import.meta.url).pathname;
  if (!existsSync(file)) {
    console.log(`generating ${pages} pages${flat ? ' (flat page tree)' : ''} …`);
    writeFileSync(file, await generate(pages, !flat));
  }
}
const bytes = new Uint8Array(readFileSync(file));
console.log(`${file}: ${(bytes.length / 1e6).toFixed(1)} MB, ${cpus().length} CPUs`);

const load = await time(() => loadPdfium());
console.log(`load PDFium: ${load.ms.toFixed(0)} ms`);
for (let round = 1; round <= 2; round++) {
  const r = await time(() => extract(file!, bytes));
  console.log(`extract(), one thread, run ${round}: ${r.ms.toFixed(0)} ms wall, ${r.cpu.toFixed(0)} ms CPU — ${r.value.pages} pages, ${r.value.text.length} chars`);
}
if (workers > 1) {
  const numPages = (await extractPdfChunk(bytes, 1, 0)).numPages;
  const { chunks, ms } = await chunked(bytes, numPages, workers);
  const t = performance.now();
  const doc = assemblePdf(chunks, file);
  const assemble = performance.now() - t;
  console.log(`extractPdfChunk() on ${workers} warm worker threads: ${ms.toFixed(0)} ms, then assemblePdf(): ${assemble.toFixed(0)} ms — ${doc.text.length} chars`);
}
try {
  const t = performance.now();
  execFileSync('pdftotext', [file, '/dev/null']);
  console.log(`pdftotext: ${(performance.now() - t).toFixed(0)} ms`);
} catch {
  console.log('pdftotext: not installed (apt-get install poppler-utils)');
}
