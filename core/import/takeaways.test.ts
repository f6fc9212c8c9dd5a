import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSuggestedTakeaways } from './takeaways.ts';
import { extract } from './extract/index.ts';

const SAMPLE = '/work/shared/samples/nato-western-balkans-2025.txt';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

function check(text: string) {
  const found = findSuggestedTakeaways(text);
  for (const t of found) expect(text.slice(t.start, t.end)).toBe(t.exact);
  return found.map((t) => t.exact);
}

describe('findSuggestedTakeaways', () => {
  it('finds the five takeaways of the sample article, anchored to their text', () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const found = findSuggestedTakeaways(text);
    expect(found).toHaveLength(5);
    for (const t of found) expect(text.slice(t.start, t.end)).toBe(t.exact);
    expect(found[0]!.exact).toBe('NATO remains committed to the stability and territorial integrity of Bosnia and Herzegovina.');
    expect(found[2]!.exact).toBe('NATO will not allow a security vacuum in Bosnia and Herzegovina.');
    expect(found[4]!.exact).toBe('NATO supports the normalization of relations between Belgrade and Pristina, facilitated by the European Union.');
    // the item text starts after the bullet
    expect(text.slice(found[0]!.start - 2, found[0]!.start)).toBe('- ');
  });

  it('finds them in the text extracted from the sample file too', async () => {
    const doc = await extract('nato-western-balkans-2025.txt', readFileSync(SAMPLE));
    expect(check(doc.text)).toHaveLength(5);
  });

  it.each([
    ['Key Takeaways', '- '],
    ['Key takeaways:', '* '],
    ['KEY POINTS', '• '],
    ['## Highlights', '– '],
    ['### Summary:', '1. '],
    ['TL;DR', '1) '],
    ['tl;dr:', '- '],
    ['**Key Takeaways**', '- '],
    ['Key Takeaway', '- '],
  ])('heading %j with %j bullets', (heading, bullet) => {
    const numbered = /\d/.test(bullet);
    const b = (i: number) => (numbered ? bullet.replace('1', String(i)) : bullet);
    const text = `Intro paragraph.\n${heading}\n${b(1)}First point.\n${b(2)}Second point\n\nAfter the list.`;
    expect(check(text)).toEqual(['First point.', 'Second point']);
  });

  it('allows blank lines after the heading and between items, and trims item text', () => {
    const text = 'Key Takeaways\n\n-   spaced out item   \n\n\n- next item\t\n';
    expect(check(text)).toEqual(['spaced out item', 'next item']);
  });

  it('stops at the first line that is not a list item', () => {
    const text = 'Key points\n- one\n- two\nA paragraph.\n- not a takeaway\n';
    expect(check(text)).toEqual(['one', 'two']);
  });

  it('yields nothing for a heading without a list, or for the word inside a sentence', () => {
    expect(check('Summary\nThe summary is a paragraph.\n- a later list\n')).toEqual([]);
    expect(check('In summary, this:\n- is not a takeaway\n')).toEqual([]);
    expect(check('Highlights of the year were many\n- no\n')).toEqual([]);
    expect(check('Key Takeaways')).toEqual([]);
    expect(check('')).toEqual([]);
  });

  it('handles several sections, indented bullets and CRLF text', () => {
    const text = 'Key Takeaways\r\n- one\r\n  - nested\r\nBody\r\nTL;DR\r\n1. short\r\n';
    expect(check(text)).toEqual(['one', 'nested', 'short']);
  });

  it('finds the list an HTML "Key Takeaways" h2 + ul produces', async () => {
    const doc = await extract('article.html', fixture('article.html'));
    expect(check(doc.text)).toEqual([
      'NATO remains committed to the stability and territorial integrity of Bosnia and Herzegovina.',
      'The Dayton Peace Agreement is crucial for peace in Bosnia and Herzegovina and must be respected.',
      'NATO will not allow a security vacuum in Bosnia and Herzegovina.',
    ]);
  });

  it('finds the list a Markdown "## Key Takeaways" + list produces', async () => {
    const doc = await extract('notes.md', fixture('notes.md'));
    expect(check(doc.text)).toEqual([
      'NATO remains committed to Bosnia and Herzegovina.',
      'The Dayton Peace Agreement must be respected.',
      "KFOR is NATO's longest and largest mission.",
    ]);
  });

  it('finds the list in a small HTML snippet with <li><p> items and an ordered list', async () => {
    const html = '<html><body><h2>Key points</h2><ol><li><p>Alpha <b>beta</b></p></li><li>Gamma</li></ol><p>The end.</p></body></html>';
    const doc = await extract('x.html', new TextEncoder().encode(html));
    expect(check(doc.text)).toEqual(['Alpha beta', 'Gamma']);
  });
});
