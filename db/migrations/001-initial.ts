// Migration 1. Released: never edit it (db/migrations.test.ts checks its checksum); add the next one.
import type { Migration } from '../migrations.ts';

export const migration: Migration = {
  version: 1,
  description: 'documents, annotations, tags, import batches, full-text indexes',
  sql: /* sql */ `
    CREATE TABLE documents (
      id            INTEGER PRIMARY KEY,
      uuid          TEXT NOT NULL UNIQUE,
      title         TEXT NOT NULL,
      authors       TEXT NOT NULL DEFAULT '[]',   -- JSON array of names
      published     TEXT,                         -- YYYY-MM-DD
      source_path   TEXT,
      source_url    TEXT,
      kind          TEXT NOT NULL CHECK (kind IN ('pdf','html','md','txt')),
      mime          TEXT NOT NULL,
      sha256        TEXT NOT NULL UNIQUE,
      size          INTEGER NOT NULL,
      pages         INTEGER,
      page_starts   TEXT,                         -- JSON array: offset of each page in body
      body          TEXT NOT NULL,
      note          TEXT,
      tags_text     TEXT NOT NULL DEFAULT '',     -- tag names, kept by triggers, for the index
      imported_at   TEXT NOT NULL,
      created_at    TEXT NOT NULL,
      updated_at    TEXT NOT NULL
    );
    CREATE INDEX documents_source_path ON documents(source_path);
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_imported_at ON documents(imported_at);

    -- Text runs of each PDF page with their place on the page, to put highlights back on it.
    CREATE TABLE pdf_pages (
      document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      page          INTEGER NOT NULL,               -- 1-based
      width         REAL NOT NULL,
      height        REAL NOT NULL,
      runs          TEXT NOT NULL,                  -- JSON [[start,end,x,y,w,h],...], offsets in body
      PRIMARY KEY (document_id, page)
    ) WITHOUT ROWID;

    CREATE TABLE annotations (
      id            INTEGER PRIMARY KEY,
      uuid          TEXT NOT NULL UNIQUE,
      document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      parent_id     INTEGER REFERENCES annotations(id) ON DELETE CASCADE,
      kind          TEXT NOT NULL CHECK (kind IN ('highlight','takeaway','note')),
      suggested     INTEGER NOT NULL DEFAULT 0,
      dismissed     INTEGER NOT NULL DEFAULT 0,
      color         TEXT,
      exact         TEXT,
      prefix        TEXT,
      suffix        TEXT,
      start         INTEGER,
      end           INTEGER,
      page          INTEGER,
      quads         TEXT,                         -- JSON [{page,x1,y1,x2,y2},...] in PDF user space
      text          TEXT,
      comment       TEXT,
      anchor        TEXT CHECK (anchor IN ('exact','fuzzy','orphaned')),
      tags_text     TEXT NOT NULL DEFAULT '',
      created_at    TEXT NOT NULL,
      updated_at    TEXT NOT NULL
    );
    CREATE INDEX annotations_document ON annotations(document_id, start);
    CREATE INDEX annotations_parent ON annotations(parent_id);

    CREATE TABLE tags (
      id            INTEGER PRIMARY KEY,
      uuid          TEXT NOT NULL UNIQUE,
      name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
      color         TEXT NOT NULL,
      created_at    TEXT NOT NULL,
      updated_at    TEXT NOT NULL
    );
    CREATE TABLE document_tags (
      document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      tag_id        INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
      PRIMARY KEY (document_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX document_tags_tag ON document_tags(tag_id);
    CREATE TABLE annotation_tags (
      annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
      tag_id        INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
      PRIMARY KEY (annotation_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX annotation_tags_tag ON annotation_tags(tag_id);

    CREATE TABLE import_batches (
      id            INTEGER PRIMARY KEY,
      uuid          TEXT NOT NULL UNIQUE,
      started_at    TEXT NOT NULL,
      finished_at   TEXT
    );
    CREATE TABLE import_outcomes (
      batch_id      INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
      path          TEXT NOT NULL,
      status        TEXT NOT NULL,
      document_id   INTEGER REFERENCES documents(id) ON DELETE SET NULL,
      reason        TEXT,
      at            TEXT NOT NULL
    );
    CREATE INDEX import_outcomes_batch ON import_outcomes(batch_id);

    -- Full-text indexes over the tables above (external content: the text is stored once).
    CREATE VIRTUAL TABLE documents_fts USING fts5(
      title, authors, body, tags_text,
      content='documents', content_rowid='id',
      tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
      INSERT INTO documents_fts(rowid, title, authors, body, tags_text)
      VALUES (new.id, new.title, new.authors, new.body, new.tags_text);
    END;
    CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
      INSERT INTO documents_fts(documents_fts, rowid, title, authors, body, tags_text)
      VALUES ('delete', old.id, old.title, old.authors, old.body, old.tags_text);
    END;
    CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, authors, body, tags_text ON documents BEGIN
      INSERT INTO documents_fts(documents_fts, rowid, title, authors, body, tags_text)
      VALUES ('delete', old.id, old.title, old.authors, old.body, old.tags_text);
      INSERT INTO documents_fts(rowid, title, authors, body, tags_text)
      VALUES (new.id, new.title, new.authors, new.body, new.tags_text);
    END;

    CREATE VIRTUAL TABLE annotations_fts USING fts5(
      exact, text, comment, tags_text,
      content='annotations', content_rowid='id',
      tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    CREATE TRIGGER annotations_fts_ai AFTER INSERT ON annotations BEGIN
      INSERT INTO annotations_fts(rowid, exact, text, comment, tags_text)
      VALUES (new.id, new.exact, new.text, new.comment, new.tags_text);
    END;
    CREATE TRIGGER annotations_fts_ad AFTER DELETE ON annotations BEGIN
      INSERT INTO annotations_fts(annotations_fts, rowid, exact, text, comment, tags_text)
      VALUES ('delete', old.id, old.exact, old.text, old.comment, old.tags_text);
    END;
    CREATE TRIGGER annotations_fts_au AFTER UPDATE OF exact, text, comment, tags_text ON annotations BEGIN
      INSERT INTO annotations_fts(annotations_fts, rowid, exact, text, comment, tags_text)
      VALUES ('delete', old.id, old.exact, old.text, old.comment, old.tags_text);
      INSERT INTO annotations_fts(rowid, exact, text, comment, tags_text)
      VALUES (new.id, new.exact, new.text, new.comment, new.tags_text);
    END;

    -- The tag names of a document or annotation, denormalized into tags_text for the index.
    CREATE TRIGGER document_tags_ai AFTER INSERT ON document_tags BEGIN
      UPDATE documents SET tags_text = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM document_tags dt JOIN tags t ON t.id = dt.tag_id
        WHERE dt.document_id = new.document_id) WHERE id = new.document_id;
    END;
    CREATE TRIGGER document_tags_ad AFTER DELETE ON document_tags BEGIN
      UPDATE documents SET tags_text = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM document_tags dt JOIN tags t ON t.id = dt.tag_id
        WHERE dt.document_id = old.document_id) WHERE id = old.document_id;
    END;
    CREATE TRIGGER annotation_tags_ai AFTER INSERT ON annotation_tags BEGIN
      UPDATE annotations SET tags_text = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.annotation_id = new.annotation_id) WHERE id = new.annotation_id;
    END;
    CREATE TRIGGER annotation_tags_ad AFTER DELETE ON annotation_tags BEGIN
      UPDATE annotations SET tags_text = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.annotation_id = old.annotation_id) WHERE id = old.annotation_id;
    END;
    CREATE TRIGGER tags_au_name AFTER UPDATE OF name ON tags BEGIN
      UPDATE documents SET tags_text = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM document_tags dt JOIN tags t ON t.id = dt.tag_id
        WHERE dt.document_id = documents.id)
      WHERE id IN (SELECT document_id FROM document_tags WHERE tag_id = new.id);
      UPDATE annotations SET tags_text = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.annotation_id = annotations.id)
      WHERE id IN (SELECT annotation_id FROM annotation_tags WHERE tag_id = new.id);
    END;
  `,
};
