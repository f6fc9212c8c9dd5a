// The library as pages fetched on demand: a virtualized list asks for rows, and only the pages
// in view are fetched, so 100,000 documents cost what one screen costs.
import type { SortKey } from '../../core/api.ts';
import type { DocumentKind, DocumentSummary } from '../../core/types.ts';
import { api, messageOf } from '../lib/api.ts';
import { notify } from './app.svelte.ts';

export const PAGE_SIZE = 200;

export const library = $state({
  total: 0,
  loaded: false,
  sort: 'imported' as SortKey,
  descending: true,
  pages: {} as Record<number, DocumentSummary[]>,
  /** Where the list was scrolled, kept while the reader is open. */
  scrollTop: 0,
  /** The row that holds the list's one tab stop (the last one focused or opened). */
  active: 0,
});

let generation = 0;
const inFlight = new Set<number>();
let filters: { tag: string | null; kind: DocumentKind | null } = { tag: null, kind: null };

/** Starts over (new sort, filter or archive contents), keeping what is shown until the first page arrives. */
export async function reload(tag: string | null, kind: DocumentKind | null): Promise<void> {
  if (tag !== filters.tag || kind !== filters.kind) library.scrollTop = library.active = 0;
  filters = { tag, kind };
  const mine = ++generation;
  inFlight.clear();
  try {
    const first = await api.listDocuments({ sort: library.sort, descending: library.descending, tag: tag ?? undefined, kind: kind ?? undefined, offset: 0, limit: PAGE_SIZE });
    if (mine !== generation) return;
    library.pages = { 0: first.documents };
    library.total = first.total;
    library.loaded = true;
  } catch (error) {
    if (mine === generation) notify(messageOf(error), 'error');
  }
}

export function setSort(sort: SortKey): void {
  if (library.sort === sort) library.descending = !library.descending;
  else {
    library.sort = sort;
    library.descending = sort === 'imported' || sort === 'published' || sort === 'annotations';
  }
  library.scrollTop = 0;
  void reload(filters.tag, filters.kind);
}

/** The document at a row, or undefined while its page is on its way. */
export function rowAt(index: number): DocumentSummary | undefined {
  const page = Math.floor(index / PAGE_SIZE);
  const rows = library.pages[page];
  if (rows) return rows[index - page * PAGE_SIZE];
  void fetchPage(page);
  return undefined;
}

async function fetchPage(page: number): Promise<void> {
  if (inFlight.has(page)) return;
  inFlight.add(page);
  const mine = generation;
  try {
    const result = await api.listDocuments({
      sort: library.sort,
      descending: library.descending,
      tag: filters.tag ?? undefined,
      kind: filters.kind ?? undefined,
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    if (mine !== generation) return;
    library.pages[page] = result.documents;
    library.total = result.total;
  } catch (error) {
    if (mine === generation) notify(messageOf(error), 'error');
  } finally {
    if (mine === generation) inFlight.delete(page);
  }
}
