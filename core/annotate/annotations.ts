// The annotation methods of the API. Each checks the whole request before it writes anything,
// writes in one transaction, and answers with the annotation's JSON (json.ts).
import { randomUUID } from 'node:crypto';
import {
  deleteAnnotationRow,
  detachChildNotes,
  findAnnotationByUuid,
  findAnnotationsByUuidPrefix,
  getAnnotationView,
  insertAnnotation,
  listAnnotationViews,
  setAnnotationParent,
  setSuggestionState,
  touchAnnotation,
  updateAnnotationContent,
  type AnnotationRow,
} from '../../db/annotations.ts';
import { findDocumentById, type DocumentRow } from '../../db/documents.ts';
import { requireDocument } from '../documents/library.ts';
import { resolveId } from '../ids.ts';
import type { Db } from '../../db/open.ts';
import { addAnnotationTag, findTagByName, removeAnnotationTag } from '../../db/tags.ts';
import { describeSpan } from '../anchoring/selectors.ts';
import { PithError, type AnnotationChange, type NewAnnotation } from '../api.ts';
import { ensureTag, normalizeTagName, normalizeTagNames } from '../tags/names.ts';
import { now } from '../time.ts';
import type { Annotation, AnnotationKind, Color } from '../types.ts';
import { toAnnotation } from './json.ts';
import { locateSpan } from './locate.ts';
import { placeSpanOf } from './placement.ts';
import { checkColor, checkKind, checkNewId, checkShape, checkTimestamp, optionalText } from './validate.ts';
import { checkMayChange } from '../sync/authorship.ts';

const DEFAULT_HIGHLIGHT_COLOR: Color = 'yellow';

/** The annotation a full id or a unique id prefix names (core/ids.ts). */
function requireAnnotation(db: Db, id: unknown): AnnotationRow {
  return resolveId(id, {
    what: 'annotation',
    exact: (uuid) => findAnnotationByUuid(db, uuid),
    byPrefix: (prefix, limit) => findAnnotationsByUuidPrefix(db, prefix, limit),
    uuid: (row) => row.uuid,
    label: (row) => row.text || row.comment || row.kind,
  });
}

function view(db: Db, id: number): Annotation {
  const v = getAnnotationView(db, id);
  if (!v) throw new PithError('internal', 'An annotation vanished while it was being written.');
  return toAnnotation(v);
}

function tagAnnotation(db: Db, annotationId: number, names: string[], at: string): boolean {
  let changed = false;
  for (const name of names) if (addAnnotationTag(db, annotationId, ensureTag(db, name, at).id)) changed = true;
  return changed;
}

/** The annotation a note is to be attached to: of the same document, and not a note itself. */
function requireParent(db: Db, id: unknown, doc: DocumentRow, child?: AnnotationRow): AnnotationRow {
  const parent = requireAnnotation(db, id);
  if (parent.document_id !== doc.id)
    throw new PithError('invalid', `The annotation ${parent.uuid} belongs to another document than "${doc.title}".`);
  if (parent.kind === 'note') throw new PithError('invalid', 'A note can be attached to a highlight or a takeaway, not to another note.');
  if (child && parent.id === child.id) throw new PithError('invalid', 'A note cannot be attached to itself.');
  return parent;
}

export function addAnnotation(db: Db, req: NewAnnotation): Annotation {
  if (typeof req !== 'object' || req === null) throw new PithError('invalid', 'Give the annotation to add.');
  const doc = requireDocument(db, req.documentId);
  const uuid = req.id !== undefined ? checkNewId(req.id) : randomUUID();
  if (req.id !== undefined && findAnnotationByUuid(db, uuid)) throw new PithError('exists', `An annotation with id ${uuid} already exists.`);
  if (req.created !== undefined && req.id === undefined)
    throw new PithError('invalid', 'A creation time is kept only when an annotation is restored under its id.');
  const created = req.created !== undefined ? checkTimestamp(req.created, 'creation time') : null;
  if (req.text !== undefined && typeof req.text !== 'string') throw new PithError('invalid', 'The text must be text.');
  const text = optionalText(req.text, 'text');
  const comment = optionalText(req.comment, 'comment');
  const tags = normalizeTagNames(req.tags);
  const span = locateSpan(doc, req);

  const parent = req.parentId !== undefined && req.parentId !== null ? requireParent(db, req.parentId, doc) : undefined;
  const kind: AnnotationKind = req.kind !== undefined ? checkKind(req.kind) : span ? 'highlight' : 'note';
  checkShape(kind, span !== null, text !== null, parent !== undefined);
  const color = req.color !== undefined ? checkColor(req.color) : kind === 'highlight' ? DEFAULT_HIGHLIGHT_COLOR : null;

  return db.transaction(() => {
    const at = now();
    const selectors = span ? describeSpan(doc.body, span.start, span.end) : null;
    const place = span ? placeSpanOf(db, doc, span.start, span.end) : { page: null, quads: null, page_label: null };
    const id = insertAnnotation(db, {
      uuid,
      document_id: doc.id,
      parent_id: parent?.id ?? null,
      kind,
      suggested: 0,
      dismissed: 0,
      color,
      exact: selectors?.quote.exact ?? null,
      prefix: selectors?.quote.prefix ?? null,
      suffix: selectors?.quote.suffix ?? null,
      start: selectors?.position.start ?? null,
      end: selectors?.position.end ?? null,
      page: place.page,
      quads: place.quads,
      page_label: place.page_label,
      text,
      comment,
      anchor: selectors ? 'exact' : null,
      created_at: created ?? at,
      updated_at: at,
    });
    tagAnnotation(db, id, tags, at);
    return view(db, id);
  })();
}

export function updateAnnotation(db: Db, req: AnnotationChange): Annotation {
  if (typeof req !== 'object' || req === null) throw new PithError('invalid', 'Give the change to make.');
  const row = requireAnnotation(db, req.id);
  checkMayChange(db, row.uuid, 'change');
  const kind = req.kind !== undefined ? checkKind(req.kind) : row.kind;
  const text = req.text !== undefined ? optionalText(req.text, 'text') : row.text;
  const comment = req.comment !== undefined ? optionalText(req.comment, 'comment') : row.comment;
  let color: string | null = row.color;
  if (req.color === null) color = null;
  else if (req.color !== undefined) color = checkColor(req.color);
  if (kind === 'highlight' && color === null) color = DEFAULT_HIGHLIGHT_COLOR;
  let parentId = row.parent_id;
  if (req.parentId === null) parentId = null;
  else if (req.parentId !== undefined) {
    const doc = findDocumentById(db, row.document_id);
    if (!doc) throw new PithError('internal', 'An annotation without its document.');
    parentId = requireParent(db, req.parentId, doc, row).id;
  }
  checkShape(kind, row.exact !== null, text !== null, parentId !== null);
  const addTags = normalizeTagNames(req.addTags);
  const removeTags = normalizeTagNames(req.removeTags);

  return db.transaction(() => {
    const at = now();
    let changed = false;
    for (const name of removeTags) {
      const tag = findTagByName(db, name);
      if (tag && removeAnnotationTag(db, row.id, tag.id)) changed = true;
    }
    if (tagAnnotation(db, row.id, addTags, at)) changed = true;
    if (parentId !== row.parent_id) {
      setAnnotationParent(db, row.id, parentId, at);
      changed = true;
    }
    if (kind !== row.kind || text !== row.text || comment !== row.comment || color !== row.color) {
      updateAnnotationContent(db, row.id, { kind, color, text, comment, updated_at: at });
    } else if (changed) {
      touchAnnotation(db, row.id, at);
    }
    return view(db, row.id);
  })();
}

/** Keeps a suggested takeaway (also one dismissed before): it becomes the user's own. */
export function keepAnnotation(db: Db, req: { id: string }): Annotation {
  const row = requireAnnotation(db, req?.id);
  return db.transaction(() => {
    if (row.suggested !== 0 || row.dismissed !== 0) setSuggestionState(db, row.id, { suggested: 0, dismissed: 0, updated_at: now() });
    return view(db, row.id);
  })();
}

/** Dismisses a suggested takeaway: it stays in the archive, hidden, so import never suggests it again. */
export function dismissAnnotation(db: Db, req: { id: string }): { dismissed: boolean } {
  const row = requireAnnotation(db, req?.id);
  if (row.suggested === 0 && row.dismissed === 0)
    throw new PithError('invalid', `Only suggested takeaways can be dismissed; this ${row.kind} is your own: delete it instead.`);
  if (row.dismissed === 0) {
    db.transaction(() => setSuggestionState(db, row.id, { suggested: row.suggested, dismissed: 1, updated_at: now() }))();
  }
  return { dismissed: true };
}

/** Deletes an annotation. Notes written on it are kept, as notes on its document. */
export function deleteAnnotation(db: Db, req: { id: string }): { deleted: boolean } {
  const row = requireAnnotation(db, req?.id);
  checkMayChange(db, row.uuid, 'delete');
  return db.transaction(() => {
    detachChildNotes(db, row.id, now());
    return { deleted: deleteAnnotationRow(db, row.id) };
  })();
}

export interface ListAnnotationsRequest {
  documentId?: string;
  tag?: string;
  kind?: AnnotationKind;
  includeSuggested?: boolean;
}

/**
 * Annotations in reading order. Suggested takeaways are listed when asked for, or by default for
 * one document (where the user decides on them); dismissed ones never.
 */
export function listAnnotations(db: Db, req: ListAnnotationsRequest = {}): { annotations: Annotation[] } {
  const doc = req?.documentId !== undefined ? requireDocument(db, req.documentId) : undefined;
  const kind = req?.kind !== undefined ? checkKind(req.kind) : null;
  let tagId: number | null = null;
  if (req?.tag !== undefined) {
    const tag = findTagByName(db, normalizeTagName(req.tag));
    if (!tag) return { annotations: [] };
    tagId = tag.id;
  }
  const views = listAnnotationViews(db, {
    documentId: doc?.id ?? null,
    tagId,
    kind,
    includeSuggested: req?.includeSuggested ?? doc !== undefined,
  });
  return { annotations: views.map(toAnnotation) };
}
