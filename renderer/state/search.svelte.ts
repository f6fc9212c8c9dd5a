// Search as you type. A keystroke searches at once when no search call is on its way; otherwise
// the newest query waits for that call to come back (at most one call at a time, no fixed delay).
// Only the answer to the query in the box is shown: every keystroke makes older answers stale.
import type { SearchHit, SearchResults } from '../../core/types.ts';
import { api, messageOf } from '../lib/api.ts';
import { asYouType } from '../lib/query.ts';

/** Hits shown in all. */
export const LIMIT = 100;
/**
 * Hits asked for on a keystroke: more than a screenful, and a search's time grows with the hits it
 * returns (their snippets), ~4× from 20 to 100 at 100,000 documents.
 */
export const FIRST_PAGE = 20;
/** The rest of the hits are fetched once typing pauses this long, so they never delay a keystroke. */
export const REST_DELAY_MS = 300;

export const search = $state({
  results: null as SearchResults | null,
  loading: false,
  /** The results shown are a first page; the rest are on their way. */
  partial: false,
  error: null as string | null,
});

/** Bumped by every change of the query: an answer for an older one is dropped. */
let generation = 0;
/** A search call is on its way; a newer query waits in `queued` (the newest one only). */
let busy = false;
let queued: (() => Promise<void>) | null = null;
let restTimer: ReturnType<typeof setTimeout> | undefined;

export function searchFor(query: string): void {
  const mine = ++generation;
  clearTimeout(restTimer);
  queued = null;
  if (query.trim() === '') {
    search.results = null;
    search.loading = false;
    search.partial = false;
    search.error = null;
    return;
  }
  search.loading = true;
  call(() => first(query, mine));
}

/** Runs one search call now, or after the one on its way (replacing any call already waiting). */
function call(work: () => Promise<void>): void {
  if (busy) {
    queued = work;
    return;
  }
  busy = true;
  void work().finally(() => {
    busy = false;
    const next = queued;
    queued = null;
    if (next) call(next);
  });
}

function request(query: string): string {
  return asYouType(query.trim() === query.trimEnd() ? query.trim() : query.trimStart());
}

async function first(query: string, mine: number): Promise<void> {
  try {
    const results = await api.search({ query: request(query), limit: FIRST_PAGE });
    if (mine !== generation) return;
    results.query = query.trim();
    const more = results.hits.length === FIRST_PAGE && results.total > FIRST_PAGE;
    search.results = results;
    search.partial = more;
    search.error = null;
    search.loading = false;
    if (more) restTimer = setTimeout(() => call(() => rest(query, mine, results)), REST_DELAY_MS);
  } catch (error) {
    if (mine !== generation) return;
    search.error = messageOf(error);
    search.results = null;
    search.partial = false;
    search.loading = false;
  }
}

const keyOf = (h: SearchHit) => `${h.kind}:${h.documentId}:${h.annotationId ?? ''}`;

async function rest(query: string, mine: number, shown: SearchResults): Promise<void> {
  if (mine !== generation) return;
  try {
    const more = await api.search({ query: request(query), limit: LIMIT - FIRST_PAGE, offset: FIRST_PAGE });
    if (mine !== generation) return;
    // The archive may have changed between the two calls: never show a hit twice.
    const seen = new Set(shown.hits.map(keyOf));
    search.results = { ...shown, hits: [...shown.hits, ...more.hits.filter((h) => !seen.has(keyOf(h)))] };
  } catch {
    // The first page stays; the rest is a nicety.
  } finally {
    if (mine === generation) search.partial = false;
  }
}
