// Numbered schema migrations. Migration N brings the schema from version N-1 to N and runs in
// one transaction; the version is kept in PRAGMA user_version. Never edit a released migration:
// add the next one.

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
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
  },
  {
    version: 2,
    description: 'indexes for listing and filtering large libraries',
    sql: /* sql */ `
      CREATE INDEX documents_kind_imported ON documents(kind, imported_at);
      -- The date a document is filed under: published, else the day it was imported.
      CREATE INDEX documents_filed_date ON documents(coalesce(published, substr(imported_at, 1, 10)));
      CREATE INDEX documents_title ON documents(title COLLATE NOCASE);
    `,
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
];
