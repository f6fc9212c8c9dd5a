// Migration 3. Released: never edit it (db/migrations.test.ts checks its checksum); add the next one.
import type { Migration } from '../migrations.ts';

export const migration: Migration = {
  version: 3,
  description: 'documents indexed by the statement that inserts them, not by a trigger; FTS5 settings for imports',
  // A statement that fires a trigger writing into FTS5 runs in a statement savepoint, and FTS5
  // writes its pending terms out as a new segment at every savepoint: one segment (and its merges)
  // per imported document, however many share a transaction. insertDocument writes the FTS5 row
  // itself, so a group of documents is indexed as one segment (bench/experiments/fts-flush.ts:
  // 1.7x faster). Updates and deletes keep their triggers; they are rare and one at a time.
  //
  // And two FTS5 settings for large imports (bench/experiments/fts-flush.ts, 20,000 documents in
  // groups of 1,000: 1.5x faster together): a transaction's new terms are kept in memory up to
  // 8 MB (hashsize; default 1 MB) before they are written as a segment, and segments are merged
  // 8 at a time instead of 4 (automerge), so that each posting is rewritten fewer times.
  sql: /* sql */ `
    DROP TRIGGER documents_fts_ai;
    INSERT INTO documents_fts(documents_fts, rank) VALUES ('hashsize', 8388608);
    INSERT INTO documents_fts(documents_fts, rank) VALUES ('automerge', 8);
  `,
};
