// An annotation as it crosses the API: the same JSON for the CLI, IPC, HTTP and exports.
import type { AnnotationView } from '../../db/annotations.ts';
import type { Annotation, AnnotationConflict, Color } from '../types.ts';

export function toAnnotation(v: AnnotationView): Annotation {
  const annotation: Annotation = {
    id: v.uuid,
    documentId: v.document_uuid,
    parentId: v.parent_uuid,
    kind: v.kind,
    suggested: v.suggested === 1,
    color: v.color as Color | null,
    quote: v.exact === null ? null : { exact: v.exact, prefix: v.prefix ?? '', suffix: v.suffix ?? '' },
    position: v.start === null || v.end === null ? null : { start: v.start, end: v.end },
    page: v.page,
    pageLabel: v.page_label ?? (v.page === null ? null : String(v.page)),
    text: v.text,
    comment: v.comment,
    tags: JSON.parse(v.tag_names) as string[],
    anchor: v.anchor,
    created: v.created_at,
    updated: v.updated_at,
  };
  // Sync's facts only on annotations that synced: the shape of the others is unchanged.
  if (v.sync_conflicts !== null && v.sync_conflicts !== undefined) {
    annotation.author = v.sync_author;
    annotation.conflicts = (JSON.parse(v.sync_conflicts) as Omit<AnnotationConflict, 'n'>[]).map((c, i) => ({ n: i + 1, ...c }));
    annotation.restored = v.sync_restored ? (JSON.parse(v.sync_restored) as { device: string; at: string }) : null;
  }
  return annotation;
}
