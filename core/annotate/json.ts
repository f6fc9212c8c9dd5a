// An annotation as it crosses the API: the same JSON for the CLI, IPC, HTTP and exports.
import type { AnnotationView } from '../../db/annotations.ts';
import type { Annotation, Color } from '../types.ts';

export function toAnnotation(v: AnnotationView): Annotation {
  return {
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
}
