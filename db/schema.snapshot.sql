-- index annotation_tags_tag (on annotation_tags)
CREATE INDEX annotation_tags_tag ON annotation_tags(tag_id);

-- index annotations_document (on annotations)
CREATE INDEX annotations_document ON annotations(document_id, start);

-- index annotations_parent (on annotations)
CREATE INDEX annotations_parent ON annotations(parent_id);

-- index document_tags_tag (on document_tags)
CREATE INDEX document_tags_tag ON document_tags(tag_id);

-- index documents_filed_date (on documents)
CREATE INDEX documents_filed_date ON documents(coalesce(published, substr(imported_at, 1, 10)));

-- index documents_imported_at (on documents)
CREATE INDEX documents_imported_at ON documents(imported_at);

-- index documents_kind_imported (on documents)
CREATE INDEX documents_kind_imported ON documents(kind, imported_at);

-- index documents_published (on documents)
CREATE INDEX documents_published ON documents(published);

-- index documents_source_path (on documents)
CREATE INDEX documents_source_path ON documents(source_path);

-- index documents_title (on documents)
CREATE INDEX documents_title ON documents(title COLLATE NOCASE);

-- index import_outcomes_batch (on import_outcomes)
CREATE INDEX import_outcomes_batch ON import_outcomes(batch_id);

-- index sync_changes_key (on sync_changes)
CREATE INDEX sync_changes_key ON sync_changes(key);

-- table annotation_tags (on annotation_tags)
CREATE TABLE annotation_tags (
      annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
      tag_id        INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
      PRIMARY KEY (annotation_id, tag_id)
    ) WITHOUT ROWID;

-- table annotations (on annotations)
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
    , page_label TEXT);

-- table annotations_fts (on annotations_fts)
CREATE VIRTUAL TABLE annotations_fts USING fts5(
      exact, text, comment, tags_text,
      content='annotations', content_rowid='id',
      tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );

-- table annotations_fts_config (on annotations_fts_config)
CREATE TABLE 'annotations_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table annotations_fts_data (on annotations_fts_data)
CREATE TABLE 'annotations_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table annotations_fts_docsize (on annotations_fts_docsize)
CREATE TABLE 'annotations_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

-- table annotations_fts_idx (on annotations_fts_idx)
CREATE TABLE 'annotations_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table document_images (on document_images)
CREATE TABLE document_images (
      document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      sha256      TEXT NOT NULL,
      mime        TEXT NOT NULL,
      PRIMARY KEY (document_id, sha256)
    ) WITHOUT ROWID;

-- table document_structure (on document_structure)
CREATE TABLE document_structure (
      document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
      version     INTEGER NOT NULL,
      structure   TEXT NOT NULL
    );

-- table document_tags (on document_tags)
CREATE TABLE document_tags (
      document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      tag_id        INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
      PRIMARY KEY (document_id, tag_id)
    ) WITHOUT ROWID;

-- table documents (on documents)
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
    , page_labels TEXT);

-- table documents_fts (on documents_fts)
CREATE VIRTUAL TABLE documents_fts USING fts5(
      title, authors, body, tags_text,
      content='documents', content_rowid='id',
      tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );

-- table documents_fts_config (on documents_fts_config)
CREATE TABLE 'documents_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table documents_fts_data (on documents_fts_data)
CREATE TABLE 'documents_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table documents_fts_docsize (on documents_fts_docsize)
CREATE TABLE 'documents_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

-- table documents_fts_idx (on documents_fts_idx)
CREATE TABLE 'documents_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table import_batches (on import_batches)
CREATE TABLE import_batches (
      id            INTEGER PRIMARY KEY,
      uuid          TEXT NOT NULL UNIQUE,
      started_at    TEXT NOT NULL,
      finished_at   TEXT
    );

-- table import_outcomes (on import_outcomes)
CREATE TABLE import_outcomes (
      batch_id      INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
      path          TEXT NOT NULL,
      status        TEXT NOT NULL,
      document_id   INTEGER REFERENCES documents(id) ON DELETE SET NULL,
      reason        TEXT,
      at            TEXT NOT NULL
    );

-- table pdf_annotations (on pdf_annotations)
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

-- table pdf_pages (on pdf_pages)
CREATE TABLE "pdf_pages" (
      document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      page          INTEGER NOT NULL,               -- 1-based
      width         REAL NOT NULL,
      height        REAL NOT NULL,
      runs          BLOB NOT NULL,                  -- db/page-runs.ts; JSON text in rows from before 6
      PRIMARY KEY (document_id, page)
    ) WITHOUT ROWID;

-- table sync_annotation_meta (on sync_annotation_meta)
CREATE TABLE sync_annotation_meta (
      uuid        TEXT PRIMARY KEY,
      author      TEXT,
      restored    TEXT,                 -- JSON {device, at}: came back because it was edited there after a delete here
      conflicts   TEXT NOT NULL DEFAULT '[]'  -- JSON [{field, value, at, device}]: conflicting versions kept
    ) WITHOUT ROWID;

-- table sync_changes (on sync_changes)
CREATE TABLE sync_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL);

-- table sync_deferred (on sync_deferred)
CREATE TABLE sync_deferred (id TEXT PRIMARY KEY) WITHOUT ROWID;

-- table sync_docs (on sync_docs)
CREATE TABLE sync_docs (id TEXT PRIMARY KEY, rev TEXT NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID;

-- table sync_state (on sync_state)
CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- table tags (on tags)
CREATE TABLE tags (
      id            INTEGER PRIMARY KEY,
      uuid          TEXT NOT NULL UNIQUE,
      name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
      color         TEXT NOT NULL,
      created_at    TEXT NOT NULL,
      updated_at    TEXT NOT NULL
    );

-- trigger annotation_tags_ad (on annotation_tags)
CREATE TRIGGER annotation_tags_ad AFTER DELETE ON annotation_tags BEGIN
      UPDATE annotations SET tags_text = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.annotation_id = old.annotation_id) WHERE id = old.annotation_id;
    END;

-- trigger annotation_tags_ai (on annotation_tags)
CREATE TRIGGER annotation_tags_ai AFTER INSERT ON annotation_tags BEGIN
      UPDATE annotations SET tags_text = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.annotation_id = new.annotation_id) WHERE id = new.annotation_id;
    END;

-- trigger annotations_fts_ad (on annotations)
CREATE TRIGGER annotations_fts_ad AFTER DELETE ON annotations BEGIN
      INSERT INTO annotations_fts(annotations_fts, rowid, exact, text, comment, tags_text)
      VALUES ('delete', old.id, old.exact, old.text, old.comment, old.tags_text);
    END;

-- trigger annotations_fts_ai (on annotations)
CREATE TRIGGER annotations_fts_ai AFTER INSERT ON annotations BEGIN
      INSERT INTO annotations_fts(rowid, exact, text, comment, tags_text)
      VALUES (new.id, new.exact, new.text, new.comment, new.tags_text);
    END;

-- trigger annotations_fts_au (on annotations)
CREATE TRIGGER annotations_fts_au AFTER UPDATE OF exact, text, comment, tags_text ON annotations BEGIN
      INSERT INTO annotations_fts(annotations_fts, rowid, exact, text, comment, tags_text)
      VALUES ('delete', old.id, old.exact, old.text, old.comment, old.tags_text);
      INSERT INTO annotations_fts(rowid, exact, text, comment, tags_text)
      VALUES (new.id, new.exact, new.text, new.comment, new.tags_text);
    END;

-- trigger document_tags_ad (on document_tags)
CREATE TRIGGER document_tags_ad AFTER DELETE ON document_tags BEGIN
      UPDATE documents SET tags_text = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM document_tags dt JOIN tags t ON t.id = dt.tag_id
        WHERE dt.document_id = old.document_id) WHERE id = old.document_id;
    END;

-- trigger document_tags_ai (on document_tags)
CREATE TRIGGER document_tags_ai AFTER INSERT ON document_tags BEGIN
      UPDATE documents SET tags_text = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM document_tags dt JOIN tags t ON t.id = dt.tag_id
        WHERE dt.document_id = new.document_id) WHERE id = new.document_id;
    END;

-- trigger documents_fts_ad (on documents)
CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
      INSERT INTO documents_fts(documents_fts, rowid, title, authors, body, tags_text)
      VALUES ('delete', old.id, old.title, old.authors, old.body, old.tags_text);
    END;

-- trigger documents_fts_au (on documents)
CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, authors, body, tags_text ON documents BEGIN
      INSERT INTO documents_fts(documents_fts, rowid, title, authors, body, tags_text)
      VALUES ('delete', old.id, old.title, old.authors, old.body, old.tags_text);
      INSERT INTO documents_fts(rowid, title, authors, body, tags_text)
      VALUES (new.id, new.title, new.authors, new.body, new.tags_text);
    END;

-- trigger sync_annotation_tags_ad (on annotation_tags)
CREATE TRIGGER sync_annotation_tags_ad AFTER DELETE ON annotation_tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) SELECT 'ann:' || uuid FROM annotations WHERE id = old.annotation_id;
    END;

-- trigger sync_annotation_tags_ai (on annotation_tags)
CREATE TRIGGER sync_annotation_tags_ai AFTER INSERT ON annotation_tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) SELECT 'ann:' || uuid FROM annotations WHERE id = new.annotation_id;
    END;

-- trigger sync_annotations_ad (on annotations)
CREATE TRIGGER sync_annotations_ad AFTER DELETE ON annotations BEGIN
      INSERT INTO sync_changes(key) SELECT 'ann:' || old.uuid WHERE EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled');
      DELETE FROM sync_annotation_meta WHERE uuid = old.uuid;
    END;

-- trigger sync_annotations_ai (on annotations)
CREATE TRIGGER sync_annotations_ai AFTER INSERT ON annotations
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('ann:' || new.uuid);
    END;

-- trigger sync_annotations_au (on annotations)
CREATE TRIGGER sync_annotations_au AFTER UPDATE ON annotations
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('ann:' || new.uuid);
    END;

-- trigger sync_document_tags_ad (on document_tags)
CREATE TRIGGER sync_document_tags_ad AFTER DELETE ON document_tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) SELECT 'doc:' || sha256 FROM documents WHERE id = old.document_id;
    END;

-- trigger sync_document_tags_ai (on document_tags)
CREATE TRIGGER sync_document_tags_ai AFTER INSERT ON document_tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) SELECT 'doc:' || sha256 FROM documents WHERE id = new.document_id;
    END;

-- trigger sync_documents_ad (on documents)
CREATE TRIGGER sync_documents_ad AFTER DELETE ON documents
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('doc:' || old.sha256);
    END;

-- trigger sync_documents_ai (on documents)
CREATE TRIGGER sync_documents_ai AFTER INSERT ON documents
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('doc:' || new.sha256);
    END;

-- trigger sync_documents_au (on documents)
CREATE TRIGGER sync_documents_au AFTER UPDATE ON documents
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('doc:' || new.sha256);
      INSERT INTO sync_changes(key) SELECT 'doc:' || old.sha256 WHERE old.sha256 <> new.sha256;
      INSERT INTO sync_changes(key) SELECT 'ann:' || uuid FROM annotations
        WHERE document_id = new.id AND old.sha256 <> new.sha256;
    END;

-- trigger sync_meta_ai (on sync_annotation_meta)
CREATE TRIGGER sync_meta_ai AFTER INSERT ON sync_annotation_meta
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('ann:' || new.uuid);
    END;

-- trigger sync_meta_au (on sync_annotation_meta)
CREATE TRIGGER sync_meta_au AFTER UPDATE ON sync_annotation_meta
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('ann:' || new.uuid);
    END;

-- trigger sync_tags_ad (on tags)
CREATE TRIGGER sync_tags_ad AFTER DELETE ON tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('tag:' || lower(old.name));
    END;

-- trigger sync_tags_ai (on tags)
CREATE TRIGGER sync_tags_ai AFTER INSERT ON tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('tag:' || lower(new.name));
    END;

-- trigger sync_tags_au (on tags)
CREATE TRIGGER sync_tags_au AFTER UPDATE ON tags
    WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'enabled') BEGIN
      INSERT INTO sync_changes(key) VALUES ('tag:' || lower(new.name));
      INSERT INTO sync_changes(key) SELECT 'tag:' || lower(old.name) WHERE lower(old.name) <> lower(new.name);
    END;

-- trigger tags_au_name (on tags)
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
