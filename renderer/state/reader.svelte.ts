// The open document and its annotations, shared by the text or PDF view, the selection
// toolbar, the editor and the Annotations panel.
import type { AnnotationChange, NewAnnotation } from '../../core/api.ts';
import type { Annotation, AnnotationKind, Color, DocumentDetail } from '../../core/types.ts';
import { api, messageOf } from '../lib/api.ts';
import { changed, notify } from './app.svelte.ts';
import { refreshTags } from './tags.svelte.ts';

export interface TextSelection {
  start: number;
  end: number;
  quote: string;
  /** Where to pop the toolbar, in viewport coordinates. */
  rect: { left: number; top: number; bottom: number; width: number };
}

/** A span of the document's text: [start, end) offsets in `DocumentDetail.text`. */
export interface TextRange {
  start: number;
  end: number;
}

export const reader = $state({
  doc: null as DocumentDetail | null,
  loading: false,
  error: null as string | null,
  annotations: [] as Annotation[],
  selection: null as TextSelection | null,
  /** The annotation whose editor is open, and where to pop it. */
  editing: null as { id: string; rect: { left: number; top: number; bottom: number } | null } | null,
  /** Flashes an annotation in the document after it was scrolled to. */
  flash: null as string | null,
  lastColor: 'yellow' as Color,
  /**
   * Matches marked in the document: those of the search that opened it, or of the find bar.
   * The find logic fills it; the text and PDF views draw every match and scroll the current
   * one into view whenever `seq` changes.
   */
  find: {
    /** The find bar is shown. */
    open: false,
    /** What is being found (the search's query, or the find bar's text). */
    query: '',
    /** In reading order. */
    matches: [] as TextRange[],
    /** Index in `matches` of the match to show; -1 for none. */
    current: -1,
    /** Bumped on every move, so the view scrolls even when `current` is the same again. */
    seq: 0,
  },
});

let loadSeq = 0;

export async function loadDocument(id: string): Promise<void> {
  const mine = ++loadSeq;
  reader.loading = true;
  reader.error = null;
  reader.selection = null;
  reader.editing = null;
  try {
    const doc = await api.getDocument({ id });
    if (mine !== loadSeq) return;
    reader.doc = doc;
    reader.annotations = doc.annotations;
  } catch (error) {
    if (mine !== loadSeq) return;
    reader.doc = null;
    reader.annotations = [];
    reader.error = messageOf(error);
  } finally {
    if (mine === loadSeq) reader.loading = false;
  }
}

export function closeDocument(): void {
  loadSeq++;
  reader.doc = null;
  reader.annotations = [];
  reader.selection = null;
  reader.editing = null;
}

function replace(annotation: Annotation): void {
  const i = reader.annotations.findIndex((a) => a.id === annotation.id);
  if (i === -1) reader.annotations.push(annotation);
  else reader.annotations[i] = annotation;
}

export async function annotateSelection(kind: AnnotationKind, options: { color?: Color; tags?: string[]; openEditor?: boolean } = {}): Promise<Annotation | null> {
  const doc = reader.doc;
  const selection = reader.selection;
  if (!doc || !selection) return null;
  const request: NewAnnotation = {
    documentId: doc.id,
    kind,
    position: { start: selection.start, end: selection.end },
    color: kind === 'note' ? undefined : (options.color ?? reader.lastColor),
    tags: options.tags && options.tags.length > 0 ? options.tags : undefined,
  };
  try {
    const created = await api.addAnnotation(request);
    replace(created);
    if (options.color) reader.lastColor = options.color;
    reader.selection = null;
    window.getSelection()?.removeAllRanges();
    if (options.openEditor !== false) reader.editing = { id: created.id, rect: selection.rect };
    afterChange(options.tags);
    return created;
  } catch (error) {
    notify(messageOf(error), 'error');
    return null;
  }
}

/** A takeaway or note that is not anchored to a quote: a sentence of the researcher's own. */
export async function addFree(kind: 'takeaway' | 'note', text: string, tags: string[] = []): Promise<void> {
  const doc = reader.doc;
  if (!doc || text.trim() === '') return;
  try {
    replace(await api.addAnnotation({ documentId: doc.id, kind, text: text.trim(), tags: tags.length ? tags : undefined }));
    afterChange(tags);
  } catch (error) {
    notify(messageOf(error), 'error');
  }
}

export async function updateAnnotation(change: AnnotationChange): Promise<boolean> {
  try {
    replace(await api.updateAnnotation(change));
    afterChange(change.addTags ?? change.removeTags);
    return true;
  } catch (error) {
    notify(messageOf(error), 'error');
    return false;
  }
}

export async function removeAnnotation(id: string): Promise<void> {
  try {
    await api.deleteAnnotation({ id });
    reader.annotations = reader.annotations.filter((a) => a.id !== id && a.parentId !== id);
    if (reader.editing?.id === id) reader.editing = null;
    afterChange(['*']);
  } catch (error) {
    notify(messageOf(error), 'error');
  }
}

export async function keepSuggestion(id: string): Promise<void> {
  try {
    replace(await api.keepAnnotation({ id }));
    afterChange();
  } catch (error) {
    notify(messageOf(error), 'error');
  }
}

export async function dismissSuggestion(id: string): Promise<void> {
  try {
    await api.dismissAnnotation({ id });
    reader.annotations = reader.annotations.filter((a) => a.id !== id);
    afterChange();
  } catch (error) {
    notify(messageOf(error), 'error');
  }
}

export async function setDocumentTags(add: string[], remove: string[]): Promise<void> {
  const doc = reader.doc;
  if (!doc) return;
  try {
    doc.tags = (await api.tagDocument({ id: doc.id, add, remove })).tags;
    afterChange(['*']);
  } catch (error) {
    notify(messageOf(error), 'error');
  }
}

function afterChange(tagsTouched?: string[]): void {
  changed();
  if (tagsTouched && tagsTouched.length > 0) void refreshTags();
}

/** Brings an annotation into view and flashes it (the views watch `flash`). */
export function focusAnnotation(id: string): void {
  reader.flash = null;
  queueMicrotask(() => (reader.flash = id));
}
