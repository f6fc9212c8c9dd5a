// A settled replica record written into pith.db. Called inside the transaction that also stores
// the record's revision and the changes-feed checkpoint (index.ts). The full-text indexes follow
// through the schema's triggers and insertDocument: FTS5 is never replicated, it is fed from here.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/open.ts';
import { deleteDocument, findDocumentBySha, findDocumentByUuid, insertDocument, insertPageLayouts } from '../../db/documents.ts';
import { decodeRuns } from '../../db/page-runs.ts';
import { deleteAnnotationRow, findAnnotationByUuid, insertAnnotation, type AnnotationKindValue, type AnchorValue } from '../../db/annotations.ts';
import { setDocumentStructure } from '../../db/structure.ts';
import { findTagByName, insertTag, setTagColorRow, renameTagRow, deleteTagRow } from '../../db/tags.ts';
import {
  findDocumentIdBySha,
  overwriteAnnotation,
  overwriteDocumentMeta,
  setAnnotationMeta,
  setAnnotationTagNames,
  setDocumentTagNames,
} from '../../db/sync.ts';
import { ensureTag } from '../tags/names.ts';
import { tagsOn, type RecordBody, type TextBody } from './records.ts';

/** 'applied', or 'deferred' when what it hangs on (its document, its text) has not arrived yet. */
export type ApplyOutcome = 'applied' | 'deferred';

export function applyRecord(db: Db, id: string, body: RecordBody | null, text: () => TextBody | null): ApplyOutcome {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  const key = id.slice(colon + 1);
  if (kind === 'doc') return applyDocument(db, key, body, text);
  if (kind === 'ann') return applyAnnotation(db, key, body);
  if (kind === 'tag') return applyTag(db, key, body);
  return 'applied';
}

function ensureTags(db: Db, names: readonly string[], at: string): void {
  for (const n of names) ensureTag(db, n, at);
}

function applyDocument(db: Db, sha256: string, body: RecordBody | null, text: () => TextBody | null): ApplyOutcome {
  const existing = findDocumentBySha(db, sha256);
  if (!body) {
    if (existing) deleteDocument(db, existing.id);
    return 'applied';
  }
  const f = body.f;
  const meta = {
    title: String(f.title ?? ''),
    authors: JSON.stringify(f.authors ?? []),
    published: (f.published as string | null) ?? null,
    source_url: (f.source_url as string | null) ?? null,
    note: (f.note as string | null) ?? null,
    page_labels: f.page_labels == null ? null : JSON.stringify(f.page_labels),
    updated_at: body.updated_at,
  };
  let documentId: number;
  if (existing) {
    documentId = existing.id;
    overwriteDocumentMeta(db, documentId, meta);
  } else {
    const t = text();
    if (!t) return 'deferred';
    const fixed = body.fixed as { uuid: string; kind: 'pdf' | 'html' | 'md' | 'txt'; mime: string; size: number; pages: number | null; imported_at: string; created_at: string };
    // The same uuid on two machines names the same document; a clash with another one is a fresh uuid.
    const uuid = findDocumentByUuid(db, fixed.uuid) ? randomUUID() : fixed.uuid;
    documentId = insertDocument(db, {
      uuid,
      title: meta.title,
      authors: meta.authors,
      published: meta.published,
      source_path: null,
      source_url: meta.source_url,
      kind: fixed.kind,
      mime: fixed.mime,
      sha256,
      size: fixed.size,
      pages: fixed.pages,
      page_starts: t.page_starts,
      page_labels: meta.page_labels,
      body: t.body,
      note: meta.note,
      imported_at: fixed.imported_at,
      created_at: fixed.created_at,
      updated_at: body.updated_at,
    });
    insertPageLayouts(db, documentId, t.pages.map((p) => ({ ...p, runs: decodeRuns(p.runs) })));
    if (t.structure) setDocumentStructure(db, documentId, t.structure.version, t.structure.structure);
  }
  const names = tagsOn(body);
  ensureTags(db, names, body.updated_at);
  setDocumentTagNames(db, documentId, names);
  return 'applied';
}

interface AnchorFields {
  exact: string | null;
  prefix: string | null;
  suffix: string | null;
  start: number | null;
  end: number | null;
  page: number | null;
  quads: string | null;
  page_label: string | null;
  anchor: AnchorValue | null;
}

function applyAnnotation(db: Db, uuid: string, body: RecordBody | null): ApplyOutcome {
  const existing = findAnnotationByUuid(db, uuid);
  if (!body) {
    if (existing) deleteAnnotationRow(db, existing.id);
    return 'applied';
  }
  const f = body.f;
  const documentId = findDocumentIdBySha(db, String(f.document));
  if (documentId === undefined) return 'deferred';
  const parentUuid = (f.parent as string | null) ?? null;
  const parentId = parentUuid === null ? null : (findAnnotationByUuid(db, parentUuid)?.id ?? null);
  const anchor = (f.anchor ?? {}) as AnchorFields;
  const state = (f.state ?? { suggested: 0, dismissed: 0 }) as { suggested: number; dismissed: number };
  const row = {
    uuid,
    document_id: documentId,
    parent_id: parentId,
    kind: f.kind as AnnotationKindValue,
    suggested: state.suggested,
    dismissed: state.dismissed,
    color: (f.color as string | null) ?? null,
    ...anchor,
    text: (f.text as string | null) ?? null,
    comment: (f.comment as string | null) ?? null,
    updated_at: body.updated_at,
  };
  let annotationId: number;
  if (existing) {
    annotationId = existing.id;
    overwriteAnnotation(db, row);
  } else {
    annotationId = insertAnnotation(db, { ...row, created_at: String(body.fixed.created_at ?? body.updated_at) });
  }
  const names = tagsOn(body);
  ensureTags(db, names, body.updated_at);
  setAnnotationTagNames(db, annotationId, names);
  setAnnotationMeta(db, {
    uuid,
    author: (body.fixed.author as string | undefined) ?? null,
    restored: f.restored ? JSON.stringify(f.restored) : null,
    conflicts: JSON.stringify(Array.isArray(f.conflicts) ? f.conflicts : []),
  });
  // A note whose parent has not arrived yet hangs on its document until it does.
  return parentUuid !== null && parentId === null ? 'deferred' : 'applied';
}

function applyTag(db: Db, lowerName: string, body: RecordBody | null): ApplyOutcome {
  // Tag names compare without regard to case (db/tags.ts), as the replica's lower-case key does.
  const existing = findTagByName(db, lowerName);
  if (!body) {
    if (existing) deleteTagRow(db, existing.id);
    return 'applied';
  }
  const name = String(body.f.name);
  const color = String(body.f.color);
  const row = findTagByName(db, name);
  if (!row) {
    insertTag(db, { uuid: randomUUID(), name, color, created_at: String(body.fixed.created_at ?? body.updated_at), updated_at: body.updated_at });
    return 'applied';
  }
  if (row.name !== name) renameTagRow(db, row.id, name, body.updated_at);
  if (row.color !== color) setTagColorRow(db, row.id, color, body.updated_at);
  return 'applied';
}
