// PDFs imported before their runs carried glyph edges (pages stored before migration 6): each is
// read again from its stored original with the import's own extractor, so that highlights land on
// the glyphs (issue 12 item 1). Where the text comes out the same, only the runs are replaced;
// where it changed (PDFium reads some pages differently from pdf.js: spaces, columns, hyphens),
// the new text replaces the old and every annotation is found again by the re-anchoring of
// `import --update`; what cannot be found is kept, flagged orphaned. Either way the annotations'
// stored quads are placed again on the new runs.
// One document per transaction, so an interrupted upgrade loses nothing and the next run goes on
// where it stopped. A PDF that cannot be read again keeps its runs, rewritten in the compact
// format, so it is not tried at every start.
import fs from 'node:fs/promises';
import { blobPath } from '../../db/blobs.ts';
import { compactPageRuns, findDocumentById, pdfDocumentsWithoutGlyphEdges, replacePageLayouts, replacePdfText } from '../../db/documents.ts';
import type { Db } from '../../db/open.ts';
import { reanchorDocument, type ReanchorCounts } from '../annotate/reanchor.ts';
import { now } from '../time.ts';

export interface PdfGlyphUpgradeReport {
  /** PDFs whose pages were read again and now have glyph edges. */
  documents: number;
  /** Of those, documents whose text changed (their annotations were re-anchored). */
  textChanged: number;
  /** Annotations placed again, by how they were found. */
  annotations: ReanchorCounts;
  /** PDFs left with their old runs: the original is missing or no longer reads. */
  skipped: { id: string; reason: string }[];
}

const BATCH = 20;
const PAGES_PER_READ = 64;

export async function upgradePdfGlyphs(db: Db, archiveDir: string, signal?: AbortSignal): Promise<PdfGlyphUpgradeReport> {
  const report: PdfGlyphUpgradeReport = { documents: 0, textChanged: 0, annotations: { exact: 0, fuzzy: 0, orphaned: 0 }, skipped: [] };
  let after = 0;
  const stop = (): boolean => Boolean(signal?.aborted) || !db.open;
  for (;;) {
    if (stop()) return report;
    const rows = pdfDocumentsWithoutGlyphEdges(db, after, BATCH);
    if (rows.length === 0) return report;
    // Loaded only when there is work: most archives open with nothing to upgrade.
    const { assemblePdf, extractPdfChunk } = await import('../import/extract/index.ts');
    for (const row of rows) {
      after = row.id;
      if (stop()) return report;
      const skip = (reason: string): void => {
        report.skipped.push({ id: row.uuid, reason });
        db.transaction(() => compactPageRuns(db, row.id))();
      };
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await fs.readFile(blobPath(archiveDir, row.sha256)));
      } catch {
        skip('the original is missing from the archive');
        continue;
      }
      let extracted;
      try {
        // In ranges of pages, so that closing the archive does not wait for a long PDF to be read
        // (the extractor itself yields to the event loop every few pages: calls keep being answered).
        const chunks = [await extractPdfChunk(bytes, 1, PAGES_PER_READ)];
        for (let first = PAGES_PER_READ + 1; first <= chunks[0]!.numPages; first += PAGES_PER_READ) {
          if (stop()) return report;
          chunks.push(await extractPdfChunk(bytes, first, first + PAGES_PER_READ - 1));
        }
        extracted = assemblePdf(chunks, 'original.pdf');
      } catch (error) {
        if (stop()) return report;
        skip((error as Error).message);
        continue;
      }
      if (stop()) return report;
      // A reading that lost text the old one had would orphan the annotations: keep the old runs.
      if (/\S/.test(row.body) && !/\S/.test(extracted.text)) {
        skip('the PDF engine finds no text in it now');
        continue;
      }
      const layout = extracted.layout ?? [];
      db.transaction(() => {
        // Imported again while it was being read: that import wrote runs with edges already.
        const current = findDocumentById(db, row.id);
        if (!current || current.sha256 !== row.sha256 || current.body !== row.body) return;
        const changed = extracted.text !== row.body;
        if (changed) replacePdfText(db, row.id, extracted.text, JSON.stringify(extracted.pageStarts ?? []), now());
        replacePageLayouts(db, row.id, layout);
        // Same text: every annotation is found where it was and only its quads move onto the glyphs.
        const counts = reanchorDocument(db, row.id, extracted.text, layout);
        report.annotations.exact += counts.exact;
        report.annotations.fuzzy += counts.fuzzy;
        report.annotations.orphaned += counts.orphaned;
        if (changed) report.textChanged += 1;
        report.documents += 1;
      })();
      // Let calls in (the reader, a search) between documents.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
