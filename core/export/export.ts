// exportAnnotations: the selected documents' annotations as Markdown notes (a file per
// document), W3C Web Annotation JSON or CSV (one file), or annotated PDFs (a file per document).
// Progress per document, cancel between documents (what is written stays), a document that fails
// is reported by name while the rest are written, and no existing file is overwritten without
// `force`: that is checked for every target before anything is written.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/open.ts';
import { blobPath } from '../../db/blobs.ts';
import { describeFsError } from '../../db/open.ts';
import { isPithError, PithError, type CallContext, type ExportFormat, type ExportReport, type ExportRequest } from '../api.ts';
import { annotationRow, CSV_COLUMNS, csvRow } from './csv.ts';
import { UniqueNames, writeFileAtomic } from './files.ts';
import { ExportLoader } from './load.ts';
import { toMarkdown } from './markdown.ts';
import type { ExportDocument } from './model.ts';
import { inReadingOrder } from './model.ts';
import { annotatePdf } from './pdf-annotate.ts';
import { accountName, defaultAuthor } from './pdf-annots.ts';
import { typesetPdf, type PageSize } from './pdf-typeset.ts';
import { annotationFilter, selectDocuments, type SearchFn } from './select.ts';
import { annotationCollection, documentWebAnnotations, type WebAnnotation } from './web-annotation.ts';

const FORMATS: readonly ExportFormat[] = ['md', 'json', 'csv', 'pdf'];
const EXTENSIONS: Record<ExportFormat, string> = { md: '.md', json: '.json', csv: '.csv', pdf: '.pdf' };

export interface ExportOptions {
  /** Paper for typeset PDFs; also read from the request's `pageSize`. */
  pageSize?: PageSize;
  /**
   * The person the annotations are by: /T of PDF annotations ("Pith" when unknown) and the
   * Web Annotation `creator` (left out when unknown). The OS account name by default.
   */
  author?: string;
  /** Where the fonts typeset PDFs embed are (resources/fonts of the app by default). */
  fontsDir?: string;
  /** The search used for `query` (tests inject one). */
  search?: SearchFn;
}

export async function exportAnnotations(
  db: Db,
  archiveDir: string,
  req: ExportRequest & { pageSize?: PageSize },
  ctx: CallContext = {},
  options: ExportOptions = {},
): Promise<ExportReport> {
  if (!req || !FORMATS.includes(req.format))
    throw new PithError('invalid', `Cannot export as "${req?.format}"; use one of ${FORMATS.join(', ')}.`);
  if (typeof req.out !== 'string' || req.out.trim() === '') throw new PithError('invalid', 'Say where to write the export (out).');
  const pageSize = options.pageSize ?? req.pageSize ?? 'A4';
  if (pageSize !== 'A4' && pageSize !== 'Letter') throw new PithError('invalid', `Unknown page size "${pageSize}"; use A4 or Letter.`);

  const ids = await selectDocuments(db, req, options.search);
  const keep = annotationFilter(req);
  const out = path.resolve(req.out);
  const taskId = req.taskId ?? crypto.randomUUID();
  const report: ExportReport = { format: req.format, out, files: [], documents: 0, annotations: 0, failed: [], cancelled: false };
  const loader = new ExportLoader(db);
  const progress = (done: number, current: string | null) =>
    ctx.onProgress?.({ taskId, phase: 'export', done, total: ids.length, current });

  if (req.format === 'json' || req.format === 'csv') {
    refuseExisting([out], req.force);
    const items: WebAnnotation[] = [];
    const rows: string[] = [csvRow(CSV_COLUMNS)];
    const creator = options.author ?? accountName();
    for (const [i, id] of ids.entries()) {
      if (ctx.signal?.aborted) return { ...report, cancelled: true };
      // JSON counts its offsets in code points: it needs the text up to the last annotation.
      const doc = loader.load(id, { text: req.format === 'json' ? 'anchors' : false });
      if (!doc) continue;
      doc.annotations = keep(doc.annotations);
      progress(i, doc.title);
      if (req.format === 'json') items.push(...documentWebAnnotations(doc, { creator }));
      else for (const a of inReadingOrder(doc.annotations)) rows.push(annotationRow(doc, a));
      report.documents += 1;
      report.annotations += doc.annotations.length;
      if (i % 200 === 199) await tick();
    }
    if (ctx.signal?.aborted) return { ...report, cancelled: true };
    // CSV starts with a UTF-8 byte order mark: without it Excel reads UTF-8 as the local code page
    // and "Priština" comes out garbled. RFC 4180 readers (and Python's utf-8-sig) skip it.
    const data = req.format === 'json' ? `${JSON.stringify(annotationCollection(items), null, 2)}\n` : `\ufeff${rows.join('')}`;
    ensureFolder(path.dirname(out));
    write(out, data);
    report.files.push(out);
    progress(ids.length, null);
    return report;
  }

  // Markdown and PDF: a file per document; `out` is that file for one document (unless it is an
  // existing folder or ends with a separator), else a folder.
  const asFolder = ids.length !== 1 || /[\\/]$/.test(req.out) || isFolder(out);
  const titles = loader.titles(ids);
  const names = new UniqueNames();
  const targets = new Map<number, string>();
  for (const id of ids) {
    const title = titles.get(id)?.title ?? 'Untitled';
    targets.set(id, asFolder ? path.join(out, names.next(title, EXTENSIONS[req.format])) : out);
  }
  if (asFolder && fs.existsSync(out) && !isFolder(out))
    throw new PithError('invalid', `${out} is a file; an export of ${ids.length} documents needs a folder to write them into.`);
  refuseExisting([...targets.values()], req.force);
  if (ids.length > 0) ensureFolder(asFolder ? out : path.dirname(out));

  const author = options.author ?? defaultAuthor();
  for (const [i, id] of ids.entries()) {
    const target = targets.get(id)!;
    const title = titles.get(id)?.title ?? String(id);
    progress(i, title);
    if (ctx.signal?.aborted) {
      report.cancelled = true;
      break;
    }
    try {
      const doc = loader.load(id);
      if (!doc) throw new PithError('not-found', 'the document was deleted during the export');
      doc.annotations = keep(doc.annotations);
      if (req.format === 'md') write(target, toMarkdown(doc));
      else write(target, await pdfOf(doc, archiveDir, loader, id, { pageSize, author, fontsDir: options.fontsDir }));
      report.files.push(target);
      report.documents += 1;
      report.annotations += doc.annotations.length;
    } catch (error) {
      report.failed.push({ document: title, reason: reasonOf(error) });
    }
    // Lets a cancel (and progress) through between documents.
    await tick();
  }
  if (!report.cancelled) progress(ids.length, null);
  return report;
}

async function pdfOf(
  doc: ExportDocument,
  archiveDir: string,
  loader: ExportLoader,
  id: number,
  options: { pageSize: PageSize; author: string; fontsDir?: string },
): Promise<Uint8Array> {
  if (doc.kind !== 'pdf') return (await typesetPdf(doc, options)).bytes;
  const file = blobPath(archiveDir, doc.sha256);
  let original: Uint8Array;
  try {
    original = fs.readFileSync(file);
  } catch (error) {
    throw new PithError('not-found', `its original PDF cannot be read from the archive (${path.relative(archiveDir, file)}: ${describeFsError(error)})`);
  }
  const needsLayouts = doc.annotations.some((a) => a.position && !(a.quads && a.quads.length > 0));
  return (await annotatePdf(original, doc, { layouts: needsLayouts ? loader.layouts(id) : undefined, author: options.author })).bytes;
}

function refuseExisting(files: string[], force: boolean | undefined): void {
  if (force) return;
  const existing = files.filter((f) => fs.existsSync(f));
  if (existing.length === 0) return;
  const more = existing.length > 1 ? ` (and ${existing.length - 1} more)` : '';
  throw new PithError('exists', `${existing[0]} already exists${more}; nothing was written. Export with force (--force) to overwrite.`);
}

function ensureFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new PithError('invalid', `Cannot create the folder ${dir}: ${describeFsError(error)}.`);
  }
}

function write(file: string, data: string | Uint8Array): void {
  try {
    writeFileAtomic(file, data);
  } catch (error) {
    throw new PithError('internal', `Cannot write ${file}: ${describeFsError(error)}.`);
  }
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function reasonOf(error: unknown): string {
  if (isPithError(error)) return error.message;
  return `could not be exported: ${(error as Error)?.message ?? String(error)}`;
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

