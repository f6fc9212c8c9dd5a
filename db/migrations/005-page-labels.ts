// Migration 5. Released: never edit it (db/migrations.test.ts checks its checksum); add the next one.
import type { Migration } from '../migrations.ts';

export const migration: Migration = {
  version: 5,
  description: 'page labels of PDFs, and the label of the page each annotation is on',
  // documents.page_labels: JSON array, one label per page ("i", "ii", "1", …); '[]' for a PDF
  // without labels; NULL for a PDF imported before this migration, whose labels core reads from
  // the stored original the first time the document is opened or exported.
  // annotations.page_label: the page's label (or its 1-based number) when the annotation was made
  // or last re-anchored, so exports and lists name pages as the PDF prints them.
  sql: /* sql */ `
    ALTER TABLE documents ADD COLUMN page_labels TEXT;
    ALTER TABLE annotations ADD COLUMN page_label TEXT;
  `,
};
