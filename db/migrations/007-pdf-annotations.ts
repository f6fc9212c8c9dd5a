// Migration 7. Released: never edit it (db/migrations.test.ts checks its checksum); add the next one.
import type { Migration } from '../migrations.ts';

export const migration: Migration = {
  version: 7,
  description: 'annotations already inside imported PDFs',
  // What the file itself carries (a highlight or a note made in another reader), kept as read so
  // that they can become Pith annotations later without opening the original again. One row per
  // annotation, in page order (seq); replaced whenever the document's content is.
  // rect: JSON [left, bottom, right, top]; quads: JSON [[x1,y1,…,x4,y4], …] (text markup), in the
  // page's PDF user space; modified: /M as written in the PDF.
  sql: /* sql */ `
    CREATE TABLE pdf_annotations (
      document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      seq         INTEGER NOT NULL,
      page        INTEGER NOT NULL,
      subtype     TEXT NOT NULL,
      rect        TEXT NOT NULL,
      quads       TEXT NOT NULL,
      contents    TEXT,
      author      TEXT,
      color       TEXT,
      modified    TEXT,
      PRIMARY KEY (document_id, seq)
    ) WITHOUT ROWID;
  `,
};
