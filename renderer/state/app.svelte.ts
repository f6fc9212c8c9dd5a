// Where the user is: the view, the open document, the search, and what changed in the archive.
import type { DocumentKind } from '../../core/types.ts';

export type View = 'library' | 'reader' | 'board' | 'tags';

export const app = $state({
  view: 'library' as View,
  docId: null as string | null,
  /** An annotation to bring into view once the reader has it. */
  focusAnnotation: null as string | null,
  query: '',
  /** Library filters. */
  tag: null as string | null,
  kind: null as DocumentKind | null,
  /** Bumped whenever documents, annotations or tags change, so lists fetch again. */
  revision: 0,
  exportOpen: false,
  importOpen: false,
});

export function openDocument(id: string, annotationId: string | null = null): void {
  app.docId = id;
  app.focusAnnotation = annotationId;
  app.view = 'reader';
  app.query = '';
}

export function show(view: View): void {
  app.view = view;
  app.query = '';
}

export function changed(): void {
  app.revision++;
}

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

export const toasts = $state<{ list: Toast[] }>({ list: [] });
let nextToast = 1;

export function notify(text: string, tone: Toast['tone'] = 'info'): void {
  const id = nextToast++;
  toasts.list.push({ id, text, tone });
  setTimeout(() => dismissToast(id), tone === 'error' ? 8000 : 4000);
}

export function dismissToast(id: number): void {
  const i = toasts.list.findIndex((t) => t.id === id);
  if (i !== -1) toasts.list.splice(i, 1);
}
