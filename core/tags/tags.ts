// The tag methods of the API: list, rename, merge, delete, color, and tagging documents.
import type { Db } from '../../db/open.ts';
import { documentTagNames } from '../../db/documents.ts';
import { requireDocument } from '../documents/library.ts';
import {
  addDocumentTag,
  deleteTagRow,
  findTagByName,
  listTagsWithCounts,
  mergeTagRows,
  removeDocumentTag,
  renameTagRow,
  setTagColorRow,
  tagWithCount,
  touchDocument,
  touchTagged,
} from '../../db/tags.ts';
import { PithError } from '../api.ts';
import { now } from '../time.ts';
import type { TagInfo } from '../types.ts';
import { ensureTag, normalizeTagColor, normalizeTagName, normalizeTagNames, requireTag } from './names.ts';

function info(db: Db, id: number): TagInfo {
  const row = tagWithCount(db, id);
  if (!row) throw new PithError('internal', 'A tag vanished while it was being changed.');
  return { name: row.name, color: row.color, count: row.count };
}

export function listTags(db: Db): { tags: TagInfo[] } {
  return { tags: listTagsWithCounts(db).map((r) => ({ name: r.name, color: r.color, count: r.count })) };
}

/**
 * Renames a tag everywhere it is used. A change of case only is a rename; a name another tag
 * already has is a conflict: merging is a different act, and the user should choose it.
 */
export function renameTag(db: Db, req: { from: string; to: string }): TagInfo {
  return db.transaction(() => {
    const tag = requireTag(db, req?.from);
    const to = normalizeTagName(req?.to);
    if (to === tag.name) return info(db, tag.id);
    const other = findTagByName(db, to);
    if (other && other.id !== tag.id) {
      throw new PithError(
        'conflict',
        `A tag named "${other.name}" already exists. To put everything tagged "${tag.name}" under "${other.name}", merge the two tags.`,
      );
    }
    const at = now();
    renameTagRow(db, tag.id, to, at);
    touchTagged(db, tag.id, at);
    return info(db, tag.id);
  })();
}

/** Moves everything tagged `from` to `into` (one copy of `into` each) and deletes `from`. */
export function mergeTags(db: Db, req: { from: string; into: string }): TagInfo {
  return db.transaction(() => {
    const from = requireTag(db, req?.from);
    const into = requireTag(db, req?.into);
    if (from.id === into.id) throw new PithError('invalid', `"${from.name}" and "${into.name}" are the same tag.`);
    const at = now();
    touchTagged(db, from.id, at);
    mergeTagRows(db, from.id, into.id);
    return info(db, into.id);
  })();
}

/** Deletes a tag; the documents and annotations that carried it stay, without it. */
export function deleteTag(db: Db, req: { name: string }): { deleted: boolean } {
  return db.transaction(() => {
    const tag = requireTag(db, req?.name);
    touchTagged(db, tag.id, now());
    return { deleted: deleteTagRow(db, tag.id) };
  })();
}

export function setTagColor(db: Db, req: { name: string; color: string }): TagInfo {
  return db.transaction(() => {
    const tag = requireTag(db, req?.name);
    const color = normalizeTagColor(req?.color);
    if (color !== tag.color) setTagColorRow(db, tag.id, color, now());
    return info(db, tag.id);
  })();
}

/** Adds and removes tags of a document (added ones are created on first use); returns its tags. */
export function tagDocument(db: Db, req: { id: string; add?: string[]; remove?: string[] }): { tags: string[] } {
  return db.transaction(() => {
    const doc = requireDocument(db, req?.id);
    const add = normalizeTagNames(req.add);
    const remove = normalizeTagNames(req.remove);
    const at = now();
    let changed = false;
    for (const name of remove) {
      const tag = findTagByName(db, name);
      if (tag && removeDocumentTag(db, doc.id, tag.id)) changed = true;
    }
    for (const name of add) {
      if (addDocumentTag(db, doc.id, ensureTag(db, name, at).id)) changed = true;
    }
    if (changed) touchDocument(db, doc.id, at);
    return { tags: documentTagNames(db, doc.id) };
  })();
}
