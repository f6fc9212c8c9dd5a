// Migration 6. Released: never edit it (db/migrations.test.ts checks its checksum); add the next one.
import type { Migration } from '../migrations.ts';

export const migration: Migration = {
  version: 6,
  description: 'text runs of PDF pages stored compactly, with the edges of their glyphs',
  // From PDFium imports on, a run carries the edge of each of its glyphs: as JSON a page of
  // R-exts.pdf would grow from 7.0 KB (pdf.js runs, no edges) to 19 KB. pdf_pages.runs becomes
  // a BLOB (db/page-runs.ts: varint deltas in hundredths of a point, deflated): 2.6 KB a page
  // with its 2,600 glyph edges (bench/experiments/page-runs-size.ts). Rows written
  // before hold JSON text and are copied as they are: db/page-runs.ts reads both, and core's
  // upgrade re-reads the pages of those PDFs for their glyph edges. The version also keeps an
  // older Pith, which would read the BLOB as JSON, from opening the archive.
  sql: /* sql */ `
    CREATE TABLE pdf_pages_v6 (
      document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      page          INTEGER NOT NULL,               -- 1-based
      width         REAL NOT NULL,
      height        REAL NOT NULL,
      runs          BLOB NOT NULL,                  -- db/page-runs.ts; JSON text in rows from before 6
      PRIMARY KEY (document_id, page)
    ) WITHOUT ROWID;
    INSERT INTO pdf_pages_v6 (document_id, page, width, height, runs)
      SELECT document_id, page, width, height, runs FROM pdf_pages;
    DROP TABLE pdf_pages;
    ALTER TABLE pdf_pages_v6 RENAME TO pdf_pages;
  `,
};
