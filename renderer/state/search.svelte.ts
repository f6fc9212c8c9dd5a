// Search as you type: each keystroke restarts a short timer; only the latest answer is shown.
import type { SearchResults } from '../../core/types.ts';
import { api, messageOf } from '../lib/api.ts';
import { asYouType } from '../lib/query.ts';

// Short: a search answers in a few milliseconds, and a stale answer is dropped by its sequence number.
export const DEBOUNCE_MS = 40;

export const search = $state({
  results: null as SearchResults | null,
  loading: false,
  error: null as string | null,
});

let timer: ReturnType<typeof setTimeout> | undefined;


let sequence = 0;

export function searchFor(query: string): void {
  clearTimeout(timer);
  const q = query.trim();
  if (q === '') {
    sequence++;
    search.results = null;
    search.loading = false;
    search.error = null;
    return;
  }
  search.loading = true;
  timer = setTimeout(() => void run(query), DEBOUNCE_MS);
}

async function run(query: string): Promise<void> {
  const mine = ++sequence;
  try {
    const results = await api.search({ query: asYouType(query.trim() === query.trimEnd() ? query.trim() : query.trimStart()), limit: 100 });
    results.query = query.trim();
    if (mine !== sequence) return;
    search.results = results;
    search.error = null;
  } catch (error) {
    if (mine !== sequence) return;
    search.error = messageOf(error);
    search.results = null;
  } finally {
    if (mine === sequence) search.loading = false;
  }
}
