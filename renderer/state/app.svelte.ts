// Where the user is: the view, the open document, the search, and what changed in the archive.
import type { DocumentKind } from '../../core/types.ts';

export type View = 'library' | 'reader' | 'board' | 'tags';

export const app = $state({
  view: 'library' as View,
  docId: null as string | null,
  /** An annotation to bring into view once the reader has it. */
  focusAnnotation: null as string | null,
  query: '',
  /**
   * The search box's query is being searched, its results shown. False once a search hit opened
   * the reader: the query stays in the box (and marked in the document) until the user types.
   */
  searching: true,
  /** What to find once the reader has the document: the search that opened it, and the hit's offset. */
  pendingFind: null as { query: string; at: number | null } | null,
  /** Library filters. */
  tag: null as string | null,
  kind: null as DocumentKind | null,
  /** Bumped whenever documents, annotations or tags change, so lists fetch again. */
  revision: 0,
  exportOpen: false,
  importOpen: false,
});

/**
 * Opens a document; from a search hit (`search`), the query stays in the search box and, for a
 * document hit, every match of it is marked, the first one at or after `at` shown.
 */
export function openDocument(id: string, annotationId: string | null = null, search?: { query: string; at?: number | null }): void {
  app.docId = id;
  app.focusAnnotation = annotationId;
  app.view = 'reader';
  app.pendingFind = search && !annotationId ? { query: search.query, at: search.at ?? null } : null;
  if (search) app.searching = false;
  else clearQuery();
  remember();
}

export function show(view: View): void {
  app.view = view;
  clearQuery();
  remember();
}

function clearQuery(): void {
  app.query = '';
  app.searching = true;
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
  clearQuery();
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
  /** A button in the toast, such as "Undo"; pressing it also dismisses the toast. */
  action?: { label: string; run: () => void };
}

export const toasts = $state<{ list: Toast[] }>({ list: [] });
let nextToast = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function lifetime(toast: Toast): number {
  return toast.tone === 'error' ? 8000 : toast.action ? 7000 : 4000;
}

function schedule(toast: Toast): void {
  clearTimeout(timers.get(toast.id));
  timers.set(
    toast.id,
    setTimeout(() => dismissToast(toast.id), lifetime(toast)),
  );
}

export function notify(text: string, tone: Toast['tone'] = 'info', action?: Toast['action']): number {
  const toast: Toast = { id: nextToast++, text, tone, ...(action ? { action } : {}) };
  toasts.list.push(toast);
  schedule(toast);
  return toast.id;
}

/** A toast the user is pointing at or has focused stays; it goes its usual time after they leave. */
export function holdToast(id: number, held: boolean): void {
  const toast = toasts.list.find((t) => t.id === id);
  if (!toast) return;
  if (held) clearTimeout(timers.get(id));
  else schedule(toast);
}

export function dismissToast(id: number): void {
  clearTimeout(timers.get(id));
  timers.delete(id);
  const i = toasts.list.findIndex((t) => t.id === id);
  if (i !== -1) toasts.list.splice(i, 1);
}
