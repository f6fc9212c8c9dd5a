// Find in the open document: fills `reader.find` (the views draw the matches and scroll to the
// current one whenever `seq` changes), from the search that opened the document or the find bar.
import { findQueryInText, findTypedInText, matchAtOrAfter } from '../lib/find.ts';
import { reader } from './reader.svelte.ts';

/** Where the find bar's input is, so Ctrl+F and a search hit can focus it. */
export const findUi = $state({ focusSeq: 0 });

/**
 * Finds `query` in the open document; the current match is the first at or after `at`, or without
 * it, the first of the query's first passage (where all its words are close together). `typed`:
 * typed into the find bar, so plain words are found as one phrase (findTypedInText).
 */
export function setFind(query: string, at: number | null = null, typing = true, typed = false): void {
  const f = reader.find;
  f.query = query;
  const text = reader.doc?.text ?? '';
  const found = typed ? findTypedInText : (t: string, q: string) => findQueryInText(t, q, typing);
  const { matches, passage } = query.trim() === '' ? { matches: [], passage: null } : found(text, query);
  f.matches = matches;
  f.current = matchAtOrAfter(matches, at ?? passage ?? 0);
  f.seq++;
}

/** Opens the find bar (focusing it), keeping what it held. */
export function openFind(query?: string): void {
  reader.find.open = true;
  if (query !== undefined && query !== reader.find.query) setFind(query);
  findUi.focusSeq++;
}

/** Next (1) or previous (-1) match, wrapping around. */
export function stepFind(direction: 1 | -1): void {
  const f = reader.find;
  if (f.matches.length === 0) return;
  f.current = f.current < 0 ? 0 : (f.current + direction + f.matches.length) % f.matches.length;
  f.seq++;
}

/** Closes the find bar and clears the marks. */
export function closeFind(): void {
  const f = reader.find;
  f.open = false;
  f.query = '';
  f.matches = [];
  f.current = -1;
  f.seq++;
}
