// How well the text around a place agrees with a quote's stored prefix and suffix, counted in
// characters that agree, nearest the quote first. Cheap (no slicing): it runs for every exact
// occurrence of a quote and every candidate edge of a fuzzy match.

/** How many characters of the end of `prefix` the text just before `at` repeats. */
export function prefixAgreement(text: string, at: number, prefix: string): number {
  let n = 0;
  while (n < prefix.length && n < at && text[at - 1 - n] === prefix[prefix.length - 1 - n]) n += 1;
  return n;
}

/** How many characters of the start of `suffix` the text from `at` repeats. */
export function suffixAgreement(text: string, at: number, suffix: string): number {
  let n = 0;
  while (n < suffix.length && at + n < text.length && text[at + n] === suffix[n]) n += 1;
  return n;
}
