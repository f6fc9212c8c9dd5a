// Migration 4. Released: never edit it (db/migrations.test.ts checks its checksum); add the next one.
import type { Migration } from '../migrations.ts';

export const migration: Migration = {
  version: 4,
  description: 'the structure of HTML and Markdown documents over their text, and the images stored with them',
  // The structure is JSON (core's DocumentStructure), apart from the documents row so that the
  // library's listings and the full-text triggers never touch it. `version` is the extractor's
  // structure version that made it: core re-derives older ones from the stored originals.
  // Images beside an imported page are stored content-addressed under files/ like originals;
  // document_images says which belong to which document (only those are served).
  sql: /* sql */ `
    CREATE TABLE document_structure (
      document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
      version     INTEGER NOT NULL,
      structure   TEXT NOT NULL
    );
    CREATE TABLE document_images (
      document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      sha256      TEXT NOT NULL,
      mime        TEXT NOT NULL,
      PRIMARY KEY (document_id, sha256)
    ) WITHOUT ROWID;
  `,
};
