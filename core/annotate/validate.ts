// Checks on what a person sends: every message says what was wrong and what would be right.
import { PithError } from '../api.ts';
import { COLORS, type AnnotationKind, type Color } from '../types.ts';

export const KINDS: readonly AnnotationKind[] = ['highlight', 'takeaway', 'note'];

export function checkKind(raw: unknown): AnnotationKind {
  if (typeof raw === 'string' && (KINDS as readonly string[]).includes(raw)) return raw as AnnotationKind;
  throw new PithError('invalid', `Unknown kind "${String(raw)}": use one of ${KINDS.join(', ')}.`);
}

/** An annotation color: one of the named colors (they map to PDF highlight colors). */
export function checkColor(raw: unknown): Color {
  const color = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if ((COLORS as readonly string[]).includes(color)) return color as Color;
  throw new PithError('invalid', `Unknown color "${String(raw)}": use one of ${COLORS.join(', ')}.`);
}

/**
 * Optional free text (a comment, a note's body), as written: leading spaces stay (an indented
 * line, a snippet of code, a verse); blank lines before it and whitespace after it go, and
 * nothing but whitespace means none.
 */
export function optionalText(raw: unknown, what: string): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') throw new PithError('invalid', `The ${what} must be text.`);
  if (raw.trim().length === 0) return null;
  return raw.replace(/^(?:[^\S\r\n]*\r?\n)+/, '').trimEnd();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id given for an annotation being restored: a UUID, as every id Pith makes. */
export function checkNewId(raw: unknown): string {
  if (typeof raw !== 'string' || !UUID.test(raw)) throw new PithError('invalid', `The id "${String(raw)}" is not a UUID such as Pith gives annotations.`);
  return raw.toLowerCase();
}

/** A point in time as Pith stores it (ISO 8601 with time zone), normalised to UTC. */
export function checkTimestamp(raw: unknown, what: string): string {
  const ms = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) throw new PithError('invalid', `The ${what} "${String(raw)}" is not a date and time such as 2025-03-11T09:30:00Z.`);
  return new Date(ms).toISOString();
}

/** What each kind must have: a highlight a quote, a note text, a takeaway one or the other. */
export function checkShape(kind: AnnotationKind, hasQuote: boolean, hasText: boolean, hasParent: boolean): void {
  if (kind === 'highlight' && !hasQuote) throw new PithError('invalid', 'A highlight needs a quote from the document.');
  if (kind === 'highlight' && hasText)
    throw new PithError('invalid', 'A highlight is a quote from the document: put your own words in its comment, or make it a takeaway or a note.');
  if (kind === 'note' && !hasText)
    throw new PithError(
      'invalid',
      hasQuote
        ? 'A note is text of your own and needs it: to write on a passage, highlight it and put your words in its comment.'
        : 'A note needs text.',
    );
  if (kind === 'takeaway' && !hasQuote && !hasText) throw new PithError('invalid', 'A takeaway needs a quote from the document or a sentence of your own.');
  if (hasParent && kind !== 'note') throw new PithError('invalid', 'Only a note can be attached to another annotation.');
}
