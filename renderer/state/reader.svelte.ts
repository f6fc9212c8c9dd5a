// The open document and its annotations, shared by the text or PDF view, the selection
// toolbar, the editor and the Annotations panel.
import type { AnnotationChange, NewAnnotation } from '../../core/api.ts';
import type { Annotation, Color, DocumentDetail } from '../../core/types.ts';
import { api, messageOf } from '../lib/api.ts';
import { UndoStack, type UndoStep } from '../lib/undo.ts';
import { changed, dismissToast, notify } from './app.svelte.ts';
import { refreshTags } from './tags.svelte.ts';

export interface TextSelection {
  start: number;
  end: number;
  quote: string;
  /** Where to pop the toolbar, in viewport coordinates. */
  rect: { left: number; top: number; bottom: number; width: number };
}

/**
 * An open editor. It is placed beside the annotation's marks in the document when they are in the
 * page, else beside `anchor` (a card in the panel), else by `rect` (viewport coordinates).
 */
export interface Editing {
  id: string;
  rect: { left: number; top: number; bottom: number } | null;
  anchor?: HTMLElement | null;
  /** Opened by `n` on a new highlight: the comment is what the user came to write. */
  note?: boolean;
}

/** A span of the document's text: [start, end) offsets in `DocumentDetail.text`. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * Matches marked in the document: those of the search that opened it, or of the find bar. The
 * find logic fills it; the text and PDF views draw every match and scroll the current one into
 * view whenever `seq` changes. A class, so that `matches` stays a raw array: a deep proxy over
 * 10,000 matches of a common word cost a third of a second each time they were read.
 */
export class FindState {
  /** The find bar is shown. */
  open = $state(false);
  /** What is being found (the search's query, or the find bar's text). */
  query = $state('');
  /** In reading order; replaced whole, never changed in place. */
  matches = $state.raw<readonly TextRange[]>([]);
  /** Index in `matches` of the match to show; -1 for none. */
  current = $state(-1);
  /** Bumped on every move, so the view scrolls even when `current` is the same again. */
  seq = $state(0);
}

export const reader = $state({
  doc: null as DocumentDetail | null,
  loading: false,
  error: null as string | null,
  annotations: [] as Annotation[],
  selection: null as TextSelection | null,
  /** The annotation whose editor is open, and what to place it by. */
  editing: null as Editing | null,
  /** Flashes an annotation in the document after it was scrolled to. */
  flash: null as string | null,
  lastColor: 'yellow' as Color,
  /** Matches marked in the document (see FindState). */
  find: new FindState(),
});

let loadSeq = 0;
let undoFor: string | null = null;

export async function loadDocument(id: string): Promise<void> {
  const mine = ++loadSeq;
  // Undo reaches back only within the open document: Ctrl+Z never changes one out of sight.
  // (A plain variable, not reader.doc: the reader's effect that calls this must not depend on it.)
  if (undoFor !== id) undoStack.clear();
  undoFor = id;
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

function isOpen(documentId: string): boolean {
  return reader.doc?.id === documentId;
}

const KIND_NAME = { highlight: 'Highlight', takeaway: 'Takeaway', note: 'Note' } as const;

// ---- Undo -----------------------------------------------------------------------------------
// Every create, edit and delete of an annotation leaves the step that reverts it over the API; the
// confirmation toast offers that step ("Undo"), and Ctrl/Cmd+Z runs the newest one.

const undoStack = new UndoStack();
let undoToast: number | null = null;

/** Remembers how to revert a change and says what was done, with an Undo button. */
function offerUndo(message: string, step: UndoStep): void {
  undoStack.push(step);
  if (undoToast !== null) dismissToast(undoToast);
  undoToast = notify(message, 'info', { label: 'Undo', run: () => void undo(step) });
}

/** Reverts the newest change (or the given one); false when there was nothing to undo. */
export async function undo(step?: UndoStep): Promise<boolean> {
  if (undoToast !== null) dismissToast(undoToast);
  undoToast = null;
  try {
    const ran = await undoStack.undo(step);
    if (!ran) {
      if (!step) notify('Nothing to undo.');
      return false;
    }
    notify(ran.label);
    afterChange(['*']);
    return true;
  } catch (error) {
    notify(messageOf(error), 'error');
    return false;
  }
}

function tagDiff(from: string[], to: string[]): { addTags: string[]; removeTags: string[] } {
  const lower = (list: string[]) => new Set(list.map((t) => t.toLowerCase()));
  const had = lower(from);
  const want = lower(to);
  return { addTags: to.filter((t) => !had.has(t.toLowerCase())), removeTags: from.filter((t) => !want.has(t.toLowerCase())) };
}

function undoCreate(created: Annotation): UndoStep {
  return {
    label: `${KIND_NAME[created.kind]} removed.`,
    run: async () => {
      await api.deleteAnnotation({ id: created.id });
      if (isOpen(created.documentId)) dropLocally(created.id);
    },
  };
}

function undoEdit(before: Annotation): UndoStep {
  return {
    label: `${KIND_NAME[before.kind]} changed back.`,
    run: async () => {
      const now = isOpen(before.documentId)
        ? reader.annotations.find((a) => a.id === before.id)
        : (await api.listAnnotations({ documentId: before.documentId })).annotations.find((a) => a.id === before.id);
      const back = await api.updateAnnotation({
        id: before.id,
        kind: before.kind,
        comment: before.comment,
        text: before.text,
        ...(before.color ? { color: before.color } : {}),
        ...tagDiff(now?.tags ?? [], before.tags),
      });
      if (isOpen(back.documentId)) replace(back);
    },
  };
}

function undoDelete(gone: Annotation, notesOnIt: string[]): UndoStep {
  return {
    label: `${KIND_NAME[gone.kind]} restored.`,
    run: async () => {
      const request: NewAnnotation = {
        id: gone.id,
        created: gone.created,
        documentId: gone.documentId,
        kind: gone.kind,
        ...(gone.position ? { position: gone.position } : gone.quote ? { quote: gone.quote.exact } : {}),
        ...(gone.color ? { color: gone.color } : {}),
        ...(gone.text ? { text: gone.text } : {}),
        ...(gone.comment ? { comment: gone.comment } : {}),
        ...(gone.tags.length ? { tags: gone.tags } : {}),
        ...(gone.parentId ? { parentId: gone.parentId } : {}),
      };
      const back = await api.addAnnotation(request);
      const open = isOpen(back.documentId);
      if (open) replace(back);
      // The notes written on it were kept as notes on the document: put them back on it.
      for (const id of notesOnIt) {
        const note = await api.updateAnnotation({ id, parentId: back.id });
        if (open) replace(note);
      }
    },
  };
}

function dropLocally(id: string): void {
  reader.annotations = reader.annotations
    .filter((a) => a.id !== id)
    .map((a) => (a.parentId === id ? { ...a, parentId: null } : a));
  if (reader.editing?.id === id) reader.editing = null;
}

// ---- Changes --------------------------------------------------------------------------------

/** Clears the selected text but keeps a caret at its end, so the keyboard can go on from there. */
function collapseSelection(): void {
  const selection = window.getSelection();
  if (selection && selection.rangeCount > 0) selection.collapseToEnd();
  reader.selection = null;
}

/**
 * Makes the selection an annotation at once: no editor opens unless asked (`openEditor`, as `n`
 * does to write a comment on the new highlight).
 */
export async function annotateSelection(
  kind: 'highlight' | 'takeaway',
  options: { color?: Color; tags?: string[]; openEditor?: boolean } = {},
): Promise<Annotation | null> {
  const doc = reader.doc;
  const selection = reader.selection;
  if (!doc || !selection) return null;
  const request: NewAnnotation = {
    documentId: doc.id,
    kind,
    position: { start: selection.start, end: selection.end },
    color: options.color ?? reader.lastColor,
    tags: options.tags && options.tags.length > 0 ? options.tags : undefined,
  };
  try {
    const created = await api.addAnnotation(request);
    replace(created);
    if (options.color) reader.lastColor = options.color;
    collapseSelection();
    if (options.openEditor) reader.editing = { id: created.id, rect: selection.rect, note: true };
    offerUndo(`${KIND_NAME[kind]} added.`, undoCreate(created));
    afterChange(options.tags);
    return created;
  } catch (error) {
    notify(messageOf(error), 'error');
    return null;
  }
}

/**
 * A note on the selected text: a highlight with its comment editor open and focused, as Zotero
 * does. A note proper is text of the researcher's own (on the document or on a highlight); a
 * passage with words about it is a highlight with a comment, so nothing empty is ever stored.
 */
export function noteSelection(options: { tags?: string[] } = {}): Promise<Annotation | null> {
  return annotateSelection('highlight', { ...options, openEditor: true });
}

/** A takeaway or note that is not anchored to a quote: a sentence of the researcher's own. */
export async function addFree(kind: 'takeaway' | 'note', text: string, tags: string[] = []): Promise<void> {
  const doc = reader.doc;
  if (!doc || text.trim() === '') return;
  try {
    const created = await api.addAnnotation({ documentId: doc.id, kind, text: text.trim(), tags: tags.length ? tags : undefined });
    replace(created);
    offerUndo(`${KIND_NAME[kind]} added.`, undoCreate(created));
    afterChange(tags);
  } catch (error) {
    notify(messageOf(error), 'error');
  }
}

export async function updateAnnotation(change: AnnotationChange): Promise<boolean> {
  const found = reader.annotations.find((a) => a.id === change.id);
  const before = found ? ($state.snapshot(found) as Annotation) : undefined;
  try {
    const after = await api.updateAnnotation(change);
    replace(after);
    if (before && after.updated !== before.updated) offerUndo(`${KIND_NAME[after.kind]} saved.`, undoEdit(before));
    afterChange(change.addTags ?? change.removeTags);
    return true;
  } catch (error) {
    notify(messageOf(error), 'error');
    return false;
  }
}

export async function removeAnnotation(id: string): Promise<void> {
  const gone = reader.annotations.find((a) => a.id === id);
  const notesOnIt = reader.annotations.filter((a) => a.parentId === id).map((a) => a.id);
  try {
    await api.deleteAnnotation({ id });
    dropLocally(id);
    if (gone) offerUndo(`${KIND_NAME[gone.kind]} deleted.`, undoDelete($state.snapshot(gone) as Annotation, notesOnIt));
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
