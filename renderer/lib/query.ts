// The search box's query as the core's search syntax reads it.

/**
 * While typing, the last word is usually unfinished: search it as a prefix ("vacu" → "vacu*")
 * unless it is syntax (a phrase, a filter, an exclusion, OR) or already followed by a space.
 */
export function asYouType(query: string): string {
  const match = /(^|\s)([\p{L}\p{N}][\p{L}\p{N}'’-]*)$/u.exec(query);
  if (!match) return query;
  const word = match[2]!;
  if (word === 'OR' || word === 'AND' || word === 'NOT' || word.length < 2) return query;
  if ((query.match(/"/g)?.length ?? 0) % 2 === 1) return query;
  return `${query}*`;
}
