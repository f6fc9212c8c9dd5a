// The records that travel, as replica documents, and how a local row becomes one.
//
// Every record has `f`, the fields a person edits, each settled on its own by the latest edit
// (`clock[field]`, "ISO time|device"), and for text fields (`TEXT_FIELDS`) `prev[field]`, the clock
// of the version it replaced: two versions of a text conflict when neither was written over the
// other. Tags are a map name → {on, at}: adding and removing are per-tag edits, merged per tag.
// Ids: `doc:<sha256>` (the same file on two machines is one document), `text:<sha256>` (its
// extracted text and layout, written once), `chunk:<sha256>` (1 MB of an original), `ann:<uuid>`,
// `tag:<name in lower case>`.
import { findDocumentById, findDocumentBySha, getPageLayouts, type DocumentRow } from '../../db/documents.ts';
import { getDocumentStructure } from '../../db/structure.ts';
import { findAnnotationByUuid } from '../../db/annotations.ts';
import { annotationTagNamesSorted, annotationUuid, documentSha, documentTagNamesSorted, documentText, getAnnotationMeta } from '../../db/sync.ts';
import type { Db } from '../../db/open.ts';
import { findTagByName } from '../../db/tags.ts';

export type Clock = string;
export interface TagEntry {
  name: string;
  on: boolean;
  at: Clock;
}

/** What a record's content is, without PouchDB's _id/_rev. */
export interface RecordBody {
  type: 'document' | 'annotation' | 'tag';
  /** Fields fixed at creation (hash, kind, created time…): never edited, so never in conflict. */
  fixed: Record<string, unknown>;
  f: Record<string, unknown>;
  clock: Record<string, Clock>;
  prev: Record<string, Clock>;
  tags?: Record<string, TagEntry>;
  /** The device that wrote this version (for "restored: edited on <device>"). */
  device: string;
  updated_at: string;
}

export const TEXT_FIELDS = new Set(['text', 'comment']);

export interface TextBody {
  type: 'text';
  body: string;
  page_starts: string | null;
  pages: { page: number; width: number; height: number; runs: string }[];
  structure: { version: number; structure: string } | null;
}

export interface Device {
  /** Random id, fixed per archive: breaks ties between clocks. */
  id: string;
  /** A name a person recognises (the host name). */
  name: string;
}

/** The content a local row would have in the replica; null when the row is gone (a deletion). */
export type LocalContent = Omit<RecordBody, 'clock' | 'prev' | 'device' | 'updated_at'> & {
  updated_at: string;
  tagNames?: string[];
};

export function documentContent(db: Db, sha256: string): LocalContent | null {
  const found = findDocumentBySha(db, sha256);
  if (!found) return null;
  const row = findDocumentById(db, found.id) as DocumentRow;
  const tagNames = documentTagNamesSorted(db, row.id);
  return {
    type: 'document',
    fixed: { sha256: row.sha256, uuid: row.uuid, kind: row.kind, mime: row.mime, size: row.size, pages: row.pages, imported_at: row.imported_at, created_at: row.created_at },
    f: {
      title: row.title,
      authors: JSON.parse(row.authors) as unknown,
      published: row.published,
      source_url: row.source_url,
      note: row.note,
      page_labels: row.page_labels === null ? null : (JSON.parse(row.page_labels) as unknown),
    },
    updated_at: row.updated_at,
    tagNames,
  };
}

export function textContent(db: Db, sha256: string): TextBody | null {
  const found = findDocumentBySha(db, sha256);
  if (!found) return null;
  const row = documentText(db, found.id)!;
  return {
    type: 'text',
    body: row.body,
    page_starts: row.page_starts,
    // Runs travel as JSON (what a page's runs were before migration 6); stored compactly on arrival.
    pages: getPageLayouts(db, found.id).map((p) => ({ ...p, runs: JSON.stringify(p.runs) })),
    structure: getDocumentStructure(db, found.id) ?? null,
  };
}

export function annotationContent(db: Db, uuid: string, defaultAuthor: string): LocalContent | null {
  const row = findAnnotationByUuid(db, uuid);
  if (!row) return null;
  const doc = { sha256: documentSha(db, row.document_id)! };
  const parent = row.parent_id === null ? null : (annotationUuid(db, row.parent_id) ?? null);
  const meta = getAnnotationMeta(db, uuid);
  const tagNames = annotationTagNamesSorted(db, row.id);
  return {
    type: 'annotation',
    fixed: { uuid: row.uuid, created_at: row.created_at, author: meta?.author ?? defaultAuthor },
    f: {
      document: doc.sha256,
      parent,
      kind: row.kind,
      color: row.color,
      state: { suggested: row.suggested, dismissed: row.dismissed },
      anchor: {
        exact: row.exact,
        prefix: row.prefix,
        suffix: row.suffix,
        start: row.start,
        end: row.end,
        page: row.page,
        quads: row.quads,
        page_label: row.page_label,
        anchor: row.anchor,
      },
      text: row.text,
      comment: row.comment,
      conflicts: meta ? (JSON.parse(meta.conflicts) as unknown) : [],
      restored: meta?.restored ? (JSON.parse(meta.restored) as unknown) : null,
    },
    updated_at: row.updated_at,
    tagNames,
  };
}

export function tagContent(db: Db, lowerName: string): LocalContent | null {
  const row = findTagByName(db, lowerName);
  if (!row) return null;
  return { type: 'tag', fixed: { created_at: row.created_at }, f: { name: row.name, color: row.color }, updated_at: row.updated_at };
}

export function localContent(db: Db, id: string, defaultAuthor: string): LocalContent | null {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  const key = id.slice(colon + 1);
  if (kind === 'doc') return documentContent(db, key);
  if (kind === 'ann') return annotationContent(db, key, defaultAuthor);
  if (kind === 'tag') return tagContent(db, key);
  throw new Error(`not a record id: ${id}`);
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with object keys sorted: equal content, equal text (for comparing and for revision hashes). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/**
 * The local content as the next version of `base`: fields that differ from the base get the
 * local edit's clock (the row's updated_at: when the person edited it), the others keep theirs;
 * tags added or removed since the base get the same clock, per tag. Null when nothing changed.
 */
export function nextVersion(local: LocalContent, base: RecordBody | null, device: Device): RecordBody | null {
  const at = `${local.updated_at}|${device.id}`;
  const clock: Record<string, Clock> = {};
  const prev: Record<string, Clock> = {};
  let changed = base === null || !sameJson(local.fixed, base.fixed);
  for (const [field, value] of Object.entries(local.f)) {
    if (base && Object.hasOwn(base.f, field) && sameJson(value, base.f[field])) {
      clock[field] = base.clock[field] ?? '';
      if (TEXT_FIELDS.has(field)) prev[field] = base.prev[field] ?? '';
    } else {
      changed = true;
      clock[field] = at;
      if (TEXT_FIELDS.has(field)) prev[field] = base?.clock[field] ?? '';
    }
  }
  let tags: Record<string, TagEntry> | undefined;
  if (local.tagNames) {
    tags = { ...(base?.tags ?? {}) };
    const present = new Set(local.tagNames.map((n) => n.toLowerCase()));
    for (const name of local.tagNames) {
      const key = name.toLowerCase();
      const old = tags[key];
      if (!old || !old.on || old.name !== name) {
        tags[key] = { name, on: true, at };
        changed = true;
      }
    }
    for (const [key, entry] of Object.entries(tags)) {
      if (entry.on && !present.has(key)) {
        tags[key] = { name: entry.name, on: false, at };
        changed = true;
      }
    }
  }
  if (!changed) return null;
  const body: RecordBody = { type: local.type, fixed: local.fixed, f: local.f, clock, prev, device: device.name, updated_at: local.updated_at };
  if (tags) body.tags = tags;
  return body;
}

/** The names of the tags a record carries. */
export function tagsOn(body: RecordBody): string[] {
  return Object.values(body.tags ?? {})
    .filter((t) => t.on)
    .map((t) => t.name)
    .sort();
}
