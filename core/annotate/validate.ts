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

/** Optional free text (a comment, a note's body): trimmed, and empty means none. */
export function optionalText(raw: unknown, what: string): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') throw new PithError('invalid', `The ${what} must be text.`);
  const text = raw.trim();
  return text.length > 0 ? text : null;
}

export function checkId(raw: unknown, what: 'document' | 'annotation'): string {
  if (typeof raw !== 'string' || raw.length === 0) throw new PithError('invalid', `Give the id of the ${what}.`);
  return raw;
}

/** What each kind must have: a highlight a quote, a note text, a takeaway one or the other. */
export function checkShape(kind: AnnotationKind, hasQuote: boolean, hasText: boolean, hasParent: boolean): void {
  if (kind === 'highlight' && !hasQuote) throw new PithError('invalid', 'A highlight needs a quote from the document.');
  if (kind === 'highlight' && hasText)
    throw new PithError('invalid', 'A highlight is a quote from the document: put your own words in its comment, or make it a takeaway or a note.');
  if (kind === 'note' && !hasText) throw new PithError('invalid', 'A note needs text.');
  if (kind === 'takeaway' && !hasQuote && !hasText) throw new PithError('invalid', 'A takeaway needs a quote from the document or a sentence of your own.');
  if (hasParent && kind !== 'note') throw new PithError('invalid', 'Only a note can be attached to another annotation.');
}
