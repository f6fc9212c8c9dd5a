// Settling an annotation's conflicting versions: the person keeps the version shown (0) or one of
// the kept ones (n, 1-based, as `conflicts` lists them); the others of that field are let go. The
// choice is an ordinary local edit, so the next sync carries it everywhere.
import type { Db } from '../../db/open.ts';
import { findAnnotationByUuid, getAnnotationView } from '../../db/annotations.ts';
import { getAnnotationMeta, setAnnotationMeta, setAnnotationTextField, touchAnnotationRow } from '../../db/sync.ts';
import { PithError } from '../api.ts';
import { toAnnotation } from '../annotate/json.ts';
import { now } from '../time.ts';
import type { Annotation, AnnotationConflict } from '../types.ts';

export function resolveConflict(db: Db, req: { id: string; keep: number }): Annotation {
  const row = findAnnotationByUuid(db, req.id);
  if (!row) throw new PithError('not-found', `No annotation ${req.id}.`);
  const meta = getAnnotationMeta(db, req.id);
  const conflicts = meta ? (JSON.parse(meta.conflicts) as Omit<AnnotationConflict, 'n'>[]) : [];
  if (conflicts.length === 0) throw new PithError('invalid', `Annotation ${req.id} has no conflicting versions.`);
  if (!Number.isInteger(req.keep) || req.keep < 0 || req.keep > conflicts.length) {
    throw new PithError('invalid', `--keep takes 0 (the version shown) or 1 to ${conflicts.length} (a conflicting version).`);
  }
  return db.transaction(() => {
    const field = req.keep === 0 ? conflicts[0]!.field : conflicts[req.keep - 1]!.field;
    if (req.keep > 0) setAnnotationTextField(db, row.id, field, (conflicts[req.keep - 1]!.value as string | null) ?? null, now());
    else touchAnnotationRow(db, row.id, now());
    setAnnotationMeta(db, { ...meta!, conflicts: JSON.stringify(conflicts.filter((c) => c.field !== field)) });
    return toAnnotation(getAnnotationView(db, row.id)!);
  })();
}
