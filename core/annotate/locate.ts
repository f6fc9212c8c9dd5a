// The span of the document a new annotation quotes: from a quote (with its occurrence) or from
// a position. A quote that is not there is refused with the closest passage, if any.
import { closestPassage, findQuote } from '../anchoring/find-quote.ts';
import { foldString, foldText } from '../anchoring/fold.ts';
import { isValidSpan, trimSpan } from '../anchoring/selectors.ts';
import { PithError } from '../api.ts';
import type { TextPosition } from '../types.ts';

/** Longest passage shown in a message. */
const SHOWN = 200;

function shown(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SHOWN ? `${flat.slice(0, SHOWN - 1)}…` : flat;
}

/** The words around a span, the span marked with brackets: enough to tell occurrences apart. */
function inContext(text: string, span: TextPosition): string {
  const before = text.slice(Math.max(0, span.start - 40), span.start).replace(/\s+/g, ' ').replace(/^\S*\s/, '');
  const after = text.slice(span.end, span.end + 40).replace(/\s+/g, ' ').replace(/\s\S*$/, '');
  return `…${before}[${text.slice(span.start, span.end).replace(/\s+/g, ' ')}]${after}…`;
}

export interface SpanRequest {
  quote?: unknown;
  occurrence?: unknown;
  position?: unknown;
}

/** The span asked for, or null when the request quotes nothing. Throws a PithError for a person. */
export function locateSpan(doc: { title: string; body: string }, req: SpanRequest): TextPosition | null {
  const { quote, occurrence, position } = req;
  if (quote !== undefined && typeof quote !== 'string') throw new PithError('invalid', 'The quote must be text.');
  if (occurrence !== undefined && (!Number.isSafeInteger(occurrence) || (occurrence as number) < 1))
    throw new PithError('invalid', 'The occurrence is a whole number from 1 (the first time the quote occurs).');
  if (occurrence !== undefined && quote === undefined) throw new PithError('invalid', 'An occurrence needs a quote.');
  if (quote !== undefined && quote.trim().length === 0) throw new PithError('invalid', 'The quote is empty.');

  if (position !== undefined && position !== null) {
    const { start, end } = position as { start?: unknown; end?: unknown };
    if (!isValidSpan(doc.body, start, end))
      throw new PithError(
        'invalid',
        `The position ${String(start)}–${String(end)} is not a span of the text of "${doc.title}" (0–${doc.body.length}).`,
      );
    const span = trimSpan(doc.body, start as number, end as number);
    if (!span) throw new PithError('invalid', `The position ${String(start)}–${String(end)} holds only whitespace.`);
    if (quote !== undefined && foldString(doc.body.slice(span.start, span.end)).trim() !== foldString(quote).trim())
      throw new PithError('invalid', `The quote and the position disagree: the text there is "${shown(doc.body.slice(span.start, span.end))}".`);
    return span;
  }
  if (quote === undefined) return null;

  const folded = foldText(doc.body);
  const found = findQuote(doc.body, quote, (occurrence as number | undefined) ?? 1, folded);
  // A quote found several times names no one place: taking the first would annotate what the
  // user may not have meant, silently. The places are shown to choose from.
  if (found.span && found.count > 1 && occurrence === undefined) {
    const places = [1, 2, 3]
      .slice(0, found.count)
      .map((n) => `${n}: "${inContext(doc.body, findQuote(doc.body, quote, n, folded).span!)}"`);
    throw new PithError(
      'invalid',
      `The quote occurs ${found.count} times in "${doc.title}"; say which one with its occurrence (1–${found.count}), or quote more of it. ${places.join('; ')}${found.count > 3 ? '; …' : ''}`,
    );
  }
  if (found.span) return found.span;
  if (found.count > 0)
    throw new PithError(
      'invalid',
      `The quote occurs ${found.count === 1 ? 'once' : `${found.count} times`} in "${doc.title}"; there is no occurrence ${String(occurrence)}.`,
    );
  const closest = closestPassage(doc.body, quote, folded);
  throw new PithError(
    'not-found',
    `The quote was not found in "${doc.title}".${closest ? ` Closest passage: "${shown(doc.body.slice(closest.start, closest.end))}"` : ''}`,
  );
}
