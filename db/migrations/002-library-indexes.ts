// Migration 2. Released: never edit it (db/migrations.test.ts checks its checksum); add the next one.
import type { Migration } from '../migrations.ts';

export const migration: Migration = {
  version: 2,
  description: 'indexes for listing and filtering large libraries',
  sql: /* sql */ `
    CREATE INDEX documents_kind_imported ON documents(kind, imported_at);
    -- The date a document is filed under: published, else the day it was imported.
    CREATE INDEX documents_filed_date ON documents(coalesce(published, substr(imported_at, 1, 10)));
    CREATE INDEX documents_title ON documents(title COLLATE NOCASE);
  `,
};
