// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { safeSnippet } from './sanitize.ts';

describe('search snippets', () => {
  it('keeps an escaped snippet with bare <mark> tags as it is', () => {
    const snippet = 'a &lt;b&gt; &amp; &quot;<mark>vacuum</mark>&quot; &#39;x&#39; <mark>y';
    expect(safeSnippet(snippet)).toBe(snippet);
  });
  it('sanitizes anything else: only bare <mark> survives', () => {
    expect(safeSnippet('<img src=x onerror=alert(1)>hi')).toBe('hi');
    expect(safeSnippet('<mark onclick="x">a</mark>')).toBe('<mark>a</mark>');
    expect(safeSnippet('<MARK>a</MARK><script>alert(1)</script>')).toBe('<mark>a</mark>');
    expect(safeSnippet('<b>a</b> > b')).toBe('a &gt; b');
  });
});
