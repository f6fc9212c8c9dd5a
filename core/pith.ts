// The one implementation of the API contract, over an open archive. Transports (Electron IPC,
// `pith serve`, the CLI) call these methods and nothing else.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/open.ts';
import { openDatabase, ArchiveError } from '../db/open.ts';
import { blobPath } from '../db/blobs.ts';
import { deleteDocument as deleteDocumentRow, findDocumentById, pdfsWithoutPageLabels, type DocumentRow } from '../db/documents.ts';
import { ensurePageLabels } from './documents/page-labels.ts';
import {
  PithError,
  type AnnotationChange,
  type CallContext,
  type ExportReport,
  type ExportRequest,
  type ListDocumentsRequest,
  type NewAnnotation,
  type PageLayout,
  type PithApi,
} from './api.ts';
import type { Annotation, AnnotationKind, DocumentDetail, ImportReport, SearchResults, TagInfo } from './types.ts';
import { WorkerPool, type PoolOptions } from './import/pool.ts';
import { importFiles, importPaths, type ImportContext } from './import/importer.ts';
import type { ExtractRequest } from './import/worker.ts';
import { documentDetail, listDocuments, pageLayout, requireDocument } from './documents/library.ts';
import { documentImage } from './documents/images.ts';
import { search } from './search/search.ts';
import * as annotate from './annotate/index.ts';
import * as tags from './tags/index.ts';
import { upgradeStructures, type StructureUpgradeReport } from './upgrade/structure.ts';
import { upgradePdfGlyphs, type PdfGlyphUpgradeReport } from './upgrade/pdf-glyphs.ts';

const MIME_EXTENSIONS: Record<string, string> = { pdf: '.pdf', html: '.html', md: '.md', txt: '.txt' };

export interface PithOptions {
  pool?: PoolOptions;
  /** The import worker's module; a bundled app passes its built copy. */
  workerEntry?: URL;
  /** Bring documents imported by an older Pith up to date in the background (default true). */
  upgrade?: boolean;
  /** better-sqlite3's native module, where it is not the one beside the package (Electron's). */
  sqliteBinding?: string;
  /** The fonts typeset PDFs embed, where they are not the app's resources/fonts. */
  fontsDir?: string;
}

/** Says on stderr what an upgrade could not do cleanly (annotations it could not find again, originals it could not read). */
function reportUpgrade(report: StructureUpgradeReport): StructureUpgradeReport {
  if (report.annotations.orphaned > 0)
    console.error(`pith: ${report.annotations.orphaned} annotation(s) could not be found in the re-read text of their documents; they are kept, marked orphaned.`);
  if (report.skipped.length > 0) console.error(`pith: ${report.skipped.length} web page(s) or Markdown file(s) could not be re-read (${report.skipped[0]!.reason}); they read as plain text.`);
  return report;
}

/** Says on stderr what the PDF upgrade could not do cleanly. */
function reportPdfUpgrade(report: PdfGlyphUpgradeReport): PdfGlyphUpgradeReport {
  if (report.annotations.orphaned > 0)
    console.error(`pith: ${report.annotations.orphaned} annotation(s) could not be found in the re-read text of their PDFs; they are kept, marked orphaned.`);
  if (report.skipped.length > 0) console.error(`pith: ${report.skipped.length} PDF(s) could not be read again (${report.skipped[0]!.reason}); their highlights stay placed as before.`);
  return report;
}

/**
 * The import worker: its TypeScript source beside this module, or, when this module runs bundled
 * (dist/cli/pith.mjs), the worker bundle built beside it (scripts/build-cli.js).
 */
function defaultWorkerEntry(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./import/worker.ts', import.meta.url) : new URL('./import-worker.mjs', import.meta.url);
}

export class Pith implements PithApi {
  private readonly pool: WorkerPool<ExtractRequest, unknown>;
  private readonly tasks = new Map<string, AbortController>();
  /** Every long call under way (with a taskId or not), for close() to stop and wait for. */
  private readonly running = new Map<AbortController, Promise<unknown>>();
  private readonly upgrading = new AbortController();
  private readonly fontsDir: string | undefined;
  /** The background upgrade started when the archive opened (see core/upgrade). */
  readonly upgraded: Promise<StructureUpgradeReport | null>;
  /** Then PDFs imported before glyph edges get them (core/upgrade/pdf-glyphs.ts). */
  readonly upgradedPdfs: Promise<PdfGlyphUpgradeReport | null>;

  private constructor(
    readonly archiveDir: string,
    readonly db: Db,
    options: PithOptions,
  ) {
    this.pool = new WorkerPool(options.workerEntry ?? defaultWorkerEntry(), options.pool);
    this.fontsDir = options.fontsDir;
    this.upgraded =
      options.upgrade === false
        ? Promise.resolve(null)
        : upgradeStructures(db, archiveDir, this.upgrading.signal).then(reportUpgrade, (error: unknown) => {
            // The archive stays usable: a document without structure reads as plain text.
            console.error(`pith: documents could not be brought up to date: ${(error as Error)?.message ?? String(error)}`);
            return null;
          });
    this.upgradedPdfs =
      options.upgrade === false
        ? Promise.resolve(null)
        : this.upgraded
            .then(() => upgradePdfGlyphs(db, archiveDir, this.upgrading.signal))
            .then(reportPdfUpgrade, (error: unknown) => {
              // The archive stays usable: highlights on those PDFs are placed by interpolation.
              console.error(`pith: PDFs could not be read again for their glyph positions: ${(error as Error)?.message ?? String(error)}`);
              return null;
            });
  }

  /** Opens (creating or migrating if needed) the archive in a folder. */
  static open(archiveDir: string, options: PithOptions = {}): Pith {
    try {
      return new Pith(path.resolve(archiveDir), openDatabase(path.resolve(archiveDir), { nativeBinding: options.sqliteBinding }), options);
    } catch (error) {
      if (error instanceof ArchiveError) throw new PithError('archive', error.message);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.upgrading.abort();
    await this.upgraded;
    await this.upgradedPdfs;
    // Long work stops and settles before the database closes under it: an import cut off here
    // rolls back its batch, instead of failing on a closed connection.
    for (const controller of this.running.keys()) controller.abort();
    await Promise.allSettled(this.running.values());
    await this.pool.close();
    if (this.db.open) this.db.close();
  }

  private get importContext(): ImportContext {
    return { db: this.db, archiveDir: this.archiveDir, pool: this.pool };
  }

  /** Runs a long task under its taskId, so that cancel({taskId}) can stop it. */
  private async task<T>(taskId: string | undefined, ctx: CallContext, run: (ctx: CallContext) => Promise<T>): Promise<T> {
    // A second task under a running one's id would take its name: the first could no longer be cancelled.
    if (taskId && this.tasks.has(taskId)) throw new PithError('conflict', `A task named ${taskId} is already running.`);
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    ctx.signal?.addEventListener('abort', onAbort);
    if (ctx.signal?.aborted) controller.abort();
    if (taskId) this.tasks.set(taskId, controller);
    const work = run({ onProgress: ctx.onProgress, signal: controller.signal });
    this.running.set(controller, work);
    try {
      return await work;
    } finally {
      ctx.signal?.removeEventListener('abort', onAbort);
      this.running.delete(controller);
      if (taskId) this.tasks.delete(taskId);
    }
  }

  importPaths(req: { paths: string[]; update?: boolean; taskId?: string }, ctx: CallContext = {}): Promise<ImportReport> {
    if (!Array.isArray(req?.paths) || req.paths.some((p) => typeof p !== 'string'))
      return Promise.reject(new PithError('invalid', 'Give the files or folders to import as a list of paths.'));
    return this.task(req.taskId, ctx, (c) => importPaths(this.importContext, req, c));
  }

  importFiles(req: { files: { name: string; bytes: Uint8Array }[]; taskId?: string }, ctx: CallContext = {}): Promise<ImportReport> {
    if (!Array.isArray(req?.files) || req.files.some((f) => typeof f?.name !== 'string' || !(f.bytes instanceof Uint8Array)))
      return Promise.reject(new PithError('invalid', 'Give the files to import as a list of names and bytes.'));
    return this.task(req.taskId, ctx, (c) => importFiles(this.importContext, req, c));
  }

  async cancel(req: { taskId: string }): Promise<{ cancelled: boolean }> {
    const controller = this.tasks.get(req?.taskId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  }

  async listDocuments(req: ListDocumentsRequest = {}) {
    return listDocuments(this.db, req);
  }

  /** Reads the page labels of a PDF imported before they were kept (once; see documents/page-labels.ts). */
  private async withPageLabels(row: DocumentRow): Promise<DocumentRow> {
    if (row.kind !== 'pdf' || row.page_labels !== null) return row;
    await ensurePageLabels(this.db, this.archiveDir, row, async (bytes) => (await this.pool.run({ type: 'pdf-labels', bytes })) as string[] | null);
    return findDocumentById(this.db, row.id) ?? row;
  }

  /** Every PDF (of the given ones, or of the archive) whose page labels were never read. */
  private async labelOldPdfs(ids?: readonly string[]): Promise<void> {
    const rows = pdfsWithoutPageLabels(this.db);
    const wanted = ids ? new Set(ids) : null;
    for (const row of rows) if (!wanted || wanted.has(row.uuid)) await this.withPageLabels(row as DocumentRow);
  }

  async getDocument(req: { id: string }): Promise<DocumentDetail> {
    const row = await this.withPageLabels(requireDocument(this.db, req?.id));
    const { annotations } = annotate.listAnnotations(this.db, { documentId: row.uuid, includeSuggested: true });
    return { ...documentDetail(this.db, row), annotations };
  }

  async getOriginal(req: { id: string }): Promise<{ name: string; mime: string; bytes: Uint8Array }> {
    const file = this.originalFile(req);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file.path);
    } catch {
      throw new PithError('not-found', file.missing);
    }
    return { name: file.name, mime: file.mime, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }

  /**
   * Where a document's original is on disk, for transports that stream it (`pith serve` answers
   * range requests from it, so pdf.js reads only the parts of a large PDF it shows). Not part of the
   * contract: a path means nothing to the renderer. `missing` is the message for when it is gone.
   */
  originalFile(req: { id: string }): { name: string; mime: string; path: string; missing: string } {
    const row = requireDocument(this.db, req?.id);
    const base = row.source_path ? path.basename(row.source_path) : `${row.title}${MIME_EXTENSIONS[row.kind] ?? ''}`;
    return {
      name: base,
      mime: row.mime,
      path: blobPath(this.archiveDir, row.sha256),
      missing: `The original file of "${row.title}" is missing from the archive.`,
    };
  }

  async getPageLayout(req: { id: string; page: number }): Promise<PageLayout> {
    return pageLayout(this.db, req?.id, req?.page);
  }

  async getDocumentImage(req: { id: string; sha256: string }): Promise<{ mime: string; bytes: Uint8Array }> {
    return documentImage(this.db, this.archiveDir, req);
  }

  async deleteDocument(req: { id: string }): Promise<{ deleted: boolean }> {
    const row = requireDocument(this.db, req?.id);
    // The original stays under files/: backups and undo may still want it.
    return { deleted: this.db.transaction(() => deleteDocumentRow(this.db, row.id))() };
  }

  async tagDocument(req: { id: string; add?: string[]; remove?: string[] }): Promise<{ tags: string[] }> {
    return tags.tagDocument(this.db, req);
  }

  async search(req: { query: string; limit?: number; offset?: number }): Promise<SearchResults> {
    if (typeof req?.query !== 'string') throw new PithError('invalid', 'Give a search query.');
    return search(this.db, req);
  }

  async addAnnotation(req: NewAnnotation): Promise<Annotation> {
    return annotate.addAnnotation(this.db, req);
  }

  async updateAnnotation(req: AnnotationChange): Promise<Annotation> {
    return annotate.updateAnnotation(this.db, req);
  }

  async keepAnnotation(req: { id: string }): Promise<Annotation> {
    return annotate.keepAnnotation(this.db, req);
  }

  async dismissAnnotation(req: { id: string }): Promise<{ dismissed: boolean }> {
    return annotate.dismissAnnotation(this.db, req);
  }

  async deleteAnnotation(req: { id: string }): Promise<{ deleted: boolean }> {
    return annotate.deleteAnnotation(this.db, req);
  }

  async listAnnotations(
    req: { documentId?: string; tag?: string; kind?: AnnotationKind; includeSuggested?: boolean } = {},
  ): Promise<{ annotations: Annotation[] }> {
    // One document's annotations name their pages: read its labels first if it never was.
    if (typeof req?.documentId === 'string') await this.withPageLabels(requireDocument(this.db, req.documentId));
    return annotate.listAnnotations(this.db, req);
  }

  async listTags(): Promise<{ tags: TagInfo[] }> {
    return tags.listTags(this.db);
  }

  async renameTag(req: { from: string; to: string }): Promise<TagInfo> {
    return tags.renameTag(this.db, req);
  }

  async mergeTags(req: { from: string; into: string }): Promise<TagInfo> {
    return tags.mergeTags(this.db, req);
  }

  async deleteTag(req: { name: string }): Promise<{ deleted: boolean }> {
    return tags.deleteTag(this.db, req);
  }

  async setTagColor(req: { name: string; color: string }): Promise<TagInfo> {
    return tags.setTagColor(this.db, req);
  }

  exportAnnotations(req: ExportRequest, ctx: CallContext = {}): Promise<ExportReport> {
    // Loaded on first use: the PDF writer and its fonts are heavy, and most commands never export.
    return this.task(req?.taskId, ctx, async (c) => {
      await this.labelOldPdfs(Array.isArray(req?.documentIds) ? req.documentIds : undefined);
      const { exportAnnotations } = await import('./export/export.ts');
      return exportAnnotations(this.db, this.archiveDir, req, c, { fontsDir: this.fontsDir });
    });
  }

  backup(req: { file: string; force?: boolean }, ctx: CallContext = {}): Promise<{ file: string; bytes: number }> {
    return this.task(undefined, ctx, async (c) => {
      const { backup } = await import('./backup/backup.ts');
      return backup(this.db, this.archiveDir, req.file, { force: req.force }, c);
    });
  }
}
