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
  remember();
}

export function show(view: View): void {
  app.view = view;
  app.query = '';
  remember();
}

// The view lives in the address's fragment (#/library, #/doc/ID…), so Back and Forward move
// between views as in any app, and a reload stays where it was.
function route(): string {
  return app.view === 'reader' && app.docId ? `#/doc/${encodeURIComponent(app.docId)}` : `#/${app.view}`;
}

function remember(): void {
  if (location.hash !== route()) history.pushState(null, '', route());
}

function restore(): void {
  if (/token=/.test(location.hash)) return;
  const match = /^#\/(?:doc\/([^/?#]+)|(library|board|tags))$/.exec(location.hash);
  app.query = '';
  if (!match) {
    // The address the app opened with: the library.
    app.view = 'library';
    return;
  }
  if (match[1]) {
    app.docId = decodeURIComponent(match[1]);
    app.view = 'reader';
  } else app.view = match[2] as View;
}

if (typeof window !== 'undefined') {
  restore();
  window.addEventListener('popstate', restore);
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
