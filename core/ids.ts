// Ids as people type them: a document's or annotation's full id, or its first characters (at
// least MIN_ID_PREFIX, as git takes a short commit hash) when they name exactly one. Every API
// method that takes an id resolves it here, so the CLI, `pith serve` and the app agree.
import { PithError } from './api.ts';

export const MIN_ID_PREFIX = 6;
/** Candidates named when a prefix is ambiguous. */
const SHOWN = 5;

export interface IdLookup<Row> {
  what: 'document' | 'annotation';
  exact: (id: string) => Row | undefined;
  byPrefix: (prefix: string, limit: number) => Row[];
  uuid: (row: Row) => string;
  /** A few words that tell candidates apart: a title, a quote. */
  label: (row: Row) => string;
}

export function resolveId<Row>(raw: unknown, lookup: IdLookup<Row>): Row {
  if (typeof raw !== 'string' || raw.trim().length === 0) throw new PithError('invalid', `Give the id of the ${lookup.what}.`);
  const id = raw.trim();
  const exact = lookup.exact(id) ?? (id !== id.toLowerCase() ? lookup.exact(id.toLowerCase()) : undefined);
  if (exact) return exact;
  const prefix = id.toLowerCase();
  if (prefix.length < MIN_ID_PREFIX || prefix.length >= 36 || !/^[0-9a-f-]+$/.test(prefix)) {
    const hint = prefix.length < MIN_ID_PREFIX && /^[0-9a-f-]+$/.test(prefix) ? ` (a shortened id needs at least ${MIN_ID_PREFIX} characters)` : '';
    throw new PithError('not-found', `No ${lookup.what} with id ${id}${hint}.`);
  }
  const rows = lookup.byPrefix(prefix, SHOWN + 1);
  if (rows.length === 1) return rows[0]!;
  if (rows.length === 0) throw new PithError('not-found', `No ${lookup.what} with id ${id}.`);
  const named = rows.slice(0, SHOWN).map((r) => `${lookup.uuid(r)} (${clip(lookup.label(r))})`);
  const more = rows.length > SHOWN ? ', and more' : '';
  throw new PithError('invalid', `The id ${id} is the start of several ${lookup.what}s' ids: ${named.join(', ')}${more}. Give more of it.`);
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 48 ? `${flat.slice(0, 47)}…` : flat || 'untitled';
}
