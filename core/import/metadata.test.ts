import { describe, expect, it } from 'vitest';
import { clampTitle, findDate, normalizeDate, splitAuthors, titleFromFileName, titleFromText, MAX_TITLE } from './metadata.ts';

describe('findDate', () => {
  it.each([
    ['During his visit to Sarajevo on March 10, 2025, he met', '2025-03-10'],
    ['Published 10 March 2025 in Brussels', '2025-03-10'],
    ['Mar. 10, 2025 — Sarajevo', '2025-03-10'],
    ['Sept. 3, 2024: the report', '2024-09-03'],
    ['on the 3rd of May 2021', '2021-05-03'],
    ['March 1st, 2020', '2020-03-01'],
    ['log 2025-03-10 entry', '2025-03-10'],
    ['march 10 2025', '2025-03-10'],
  ])('finds the date in %j', (text, date) => {
    expect(findDate(text)).toBe(date);
  });

  it('returns the first plausible date, skipping impossible ones', () => {
    expect(findDate('Not February 30, 2025 but March 11, 2025 and then March 12, 2025')).toBe('2025-03-11');
    expect(findDate('2025-13-01 is no date; 2024-02-29 is')).toBe('2024-02-29');
    expect(findDate('2023-02-29 is no date either')).toBeNull();
  });

  it('returns null without a full date', () => {
    expect(findDate('In May 2025 and in 2024 nothing happened on the 10th.')).toBeNull();
    expect(findDate('')).toBeNull();
    expect(findDate('version 12025-03-10x')).toBeNull();
  });
});

describe('normalizeDate', () => {
  it.each([
    ["D:20250310120000+01'00'", '2025-03-10'],
    ['D:20250310', '2025-03-10'],
    ['D:202503', '2025-03-01'],
    ['20250310093000Z', '2025-03-10'],
    ['2025-03-10', '2025-03-10'],
    ['2025-03-10T23:30:00-05:00', '2025-03-10'],
    ['2025-03-10T01:00:00+09:00', '2025-03-10'],
    ['2025/03/10', '2025-03-10'],
    ['2025-3-9', '2025-03-09'],
    ['Mon, 10 Mar 2025 12:00:00 GMT', '2025-03-10'],
    ['March 10, 2025', '2025-03-10'],
    ['  2025-03-10  ', '2025-03-10'],
  ])('%j → %s', (input, out) => {
    expect(normalizeDate(input)).toBe(out);
  });

  it.each(['', '   ', 'garbage', '2025', 'D:2025', '2025-02-30', 'D:20251340', '31/31/2025'])('%j → null', (input) => {
    expect(normalizeDate(input)).toBeNull();
  });

  it('accepts null and undefined', () => {
    expect(normalizeDate(null)).toBeNull();
    expect(normalizeDate(undefined)).toBeNull();
  });
});

describe('titles', () => {
  it('takes the first line with letters', () => {
    expect(titleFromText('\n\n  12  \n# A Heading\nbody')).toBe('A Heading');
    expect(titleFromText('Short title\nSecond line')).toBe('Short title');
    expect(titleFromText('   \n\n')).toBeNull();
  });

  it('uses the first sentence of a long first line when it is short enough', () => {
    const line = `Rutte visited Sarajevo. ${'He met many officials and discussed the security of the region at length. '.repeat(4)}`;
    expect(titleFromText(line)).toBe('Rutte visited Sarajevo');
  });

  it('cuts a long first sentence at a word boundary with an ellipsis', () => {
    const line = `${'word '.repeat(30)}and ${'more '.repeat(40)}end.`;
    const title = titleFromText(line)!;
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE + 1);
    expect(line.startsWith(title.slice(0, -1))).toBe(true);
    expect(line[title.length - 1]).toBe(' '); // the cut falls on a word boundary
  });

  it('clamps titles', () => {
    expect(clampTitle('  A   spaced\n title ')).toBe('A spaced title');
    expect(clampTitle('')).toBeNull();
    expect(clampTitle(null)).toBeNull();
    const long = clampTitle('alpha, '.repeat(40))!;
    expect(long.length).toBeLessThanOrEqual(MAX_TITLE + 1);
    expect(long).toMatch(/alpha…$/);
  });

  it('falls back to the file name without extension', () => {
    expect(titleFromFileName('/some/dir/My Report.final.pdf')).toBe('My Report.final');
    expect(titleFromFileName('C:\\docs\\notes.md')).toBe('notes');
    expect(titleFromFileName('.hidden')).toBe('.hidden');
  });
});

describe('splitAuthors', () => {
  it.each([
    ['Ana Petrović and Marko Jurić', ['Ana Petrović', 'Marko Jurić']],
    ['Ana Petrović, Marko Jurić', ['Ana Petrović', 'Marko Jurić']],
    ['Ana Petrović, Marko Jurić and Jane Doe', ['Ana Petrović', 'Marko Jurić', 'Jane Doe']],
    ['Ana Petrović, Marko Jurić, and Jane Doe', ['Ana Petrović', 'Marko Jurić', 'Jane Doe']],
    ['Jane Doe; John Smith', ['Jane Doe', 'John Smith']],
    ['Jane Doe & John Smith', ['Jane Doe', 'John Smith']],
    ['By Jane Doe', ['Jane Doe']],
    ['Smith, John', ['Smith, John']],
    ['Smith, John and Doe, Jane', ['Smith, John', 'Doe, Jane']],
    ['Jane Doe and jane doe', ['Jane Doe']],
    ['https://facebook.com/someone', []],
    ['', []],
  ])('%j', (raw, names) => {
    expect(splitAuthors(raw)).toEqual(names);
  });
});
