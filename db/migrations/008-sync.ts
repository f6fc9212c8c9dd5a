// Migration 8. Released: never edit it (db/migrations.test.ts checks its checksum); add the next one.
import type { Migration } from '../migrations.ts';

export const migration: Migration = {
  version: 8,
  description: 'sync: the outbox of local changes, the replica revision each record reflects, sync state',
  // See core/sync/index.ts for the design. Triggers append the replica id of every record a
  // local write touches to sync_changes, in the writing transaction, so no write path can forget
  // one; they do so only once sync is enabled (a row 'enabled' in sync_state), so an archive that
  // never syncs keeps no outbox. sync_docs holds, per replica document, the revision pith.db
  // reflects and its content: the base a local edit is compared with (per-field clocks) and the
  // parent of the revision it becomes. sync_annotation_meta carries what only sync knows of an
  // annotation: its author, a "restored" mark, unresolved conflicting versions (JSON).
  sql: /* sql */ `
    CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE sync_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL);
    CREATE INDEX sync_changes_key ON sync_changes(key);
    CREATE TABLE sync_docs (id TEXT PRIMARY KEY, rev TEXT NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE sync_deferred (id TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE sync_annotation_meta (
      uuid        TEXT PRIMARY KEY,
      author      TEXT,
      restored    TEXT,                 -- JSON {device, at}: came back because it was edited there after a delete here
      conflicts   TEXT NOT NULL DEFAULT '[]'  -- JSON [{field, value, at, device}]: conflicting versions kept
    ) WITHOUT ROWID;

    CREATE TRIGGER sync_documents_ai AFTER INSERT ON documents
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('doc:' || new.sha256);
    END;
    CREATE TRIGGER sync_documents_au AFTER UPDATE ON documents
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('doc:' || new.sha256);
      INSERT INTO sync_changes(key) SELECT 'doc:' || old.sha256 WHERE old.sha256 <> new.sha256;
      INSERT INTO sync_changes(key) SELECT 'ann:' || uuid FROM annotations
        WHERE document_id = new.id AND old.sha256 <> new.sha256;
    END;
    CREATE TRIGGER sync_documents_ad AFTER DELETE ON documents
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('doc:' || old.sha256);
    END;
    CREATE TRIGGER sync_annotations_ai AFTER INSERT ON annotations
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('ann:' || new.uuid);
    END;
    CREATE TRIGGER sync_annotations_au AFTER UPDATE ON annotations
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('ann:' || new.uuid);
    END;
    CREATE TRIGGER sync_annotations_ad AFTER DELETE ON annotations BEGIN
      INSERT INTO sync_changes(key) SELECT 'ann:' || old.uuid WHERE EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled');
      DELETE FROM sync_annotation_meta WHERE uuid = old.uuid;
    END;
    CREATE TRIGGER sync_meta_ai AFTER INSERT ON sync_annotation_meta
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('ann:' || new.uuid);
    END;
    CREATE TRIGGER sync_meta_au AFTER UPDATE ON sync_annotation_meta
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('ann:' || new.uuid);
    END;
    CREATE TRIGGER sync_tags_ai AFTER INSERT ON tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('tag:' || lower(new.name));
    END;
    CREATE TRIGGER sync_tags_au AFTER UPDATE ON tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('tag:' || lower(new.name));
      INSERT INTO sync_changes(key) SELECT 'tag:' || lower(old.name) WHERE lower(old.name) <> lower(new.name);
    END;
    CREATE TRIGGER sync_tags_ad AFTER DELETE ON tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('tag:' || lower(old.name));
    END;
    CREATE TRIGGER sync_document_tags_ai AFTER INSERT ON document_tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) SELECT 'doc:' || sha256 FROM documents WHERE id = new.document_id;
    END;
    CREATE TRIGGER sync_document_tags_ad AFTER DELETE ON document_tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) SELECT 'doc:' || sha256 FROM documents WHERE id = old.document_id;
    END;
    CREATE TRIGGER sync_annotation_tags_ai AFTER INSERT ON annotation_tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) SELECT 'ann:' || uuid FROM annotations WHERE id = new.annotation_id;
    END;
    CREATE TRIGGER sync_annotation_tags_ad AFTER DELETE ON annotation_tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) SELECT 'ann:' || uuid FROM annotations WHERE id = old.annotation_id;
    END;
  `,
};
