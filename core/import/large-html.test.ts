// A 50 MB web page (a long report saved as HTML) imports through the whole pipeline: the import
// worker with its per-file limits (core/import/pool.ts: 2048 MB of heap, 120 s), the store, the
// search index; the reader gets its headings, tables, code, lists and links. And a 50 MB
// Markdown document, which had the same trouble (markdown-it's tokens of the whole file).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pith } from '../pith.ts';
import { bigReportHtml } from './fixtures/big-report.ts';

let work: string;
let pith: Pith;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-large-html-'));
  pith = Pith.open(path.join(work, 'archive'));
});
afterAll(async () => {
  await pith.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('a 50 MB HTML page', () => {
  it('imports within the per-file limits, with its text and structure', async () => {
    const { html, sections } = bigReportHtml(50 * 1024 * 1024);
    const file = path.join(work, 'annual-report.html');
    fs.writeFileSync(file, html);
    expect(fs.statSync(file).size).toBeGreaterThanOrEqual(50 * 1024 * 1024);

    const report = await pith.importPaths({ paths: [file] });
    expect(report.results[0]).toMatchObject({ status: 'imported' });
    const id = report.results[0]!.documentId!;
    const doc = await pith.getDocument({ id });
    expect(doc.title).toBe('Annual audit report');
    expect(doc.authors).toEqual(['Audit Office']);
    expect(doc.published).toBe('2024-06-30');

    const text = doc.text;
    const blocks = doc.structure!.blocks;
    const spans = doc.structure!.spans;
    expect(text.startsWith('Annual audit report\n\nThis report covers every regional office.\n\nSection 1: findings of audit 1\n\nFinding 1 opens here.')).toBe(true);
    expect(text.endsWith(`Finding ${sections} closes here.`)).toBe(true);
    expect(text).not.toMatch(/NAVIGATION_TEXT|SIDEBAR_TEXT|FOOTER_TEXT|SCRIPT_TEXT|STYLE_TEXT|WRITTEN_TEXT|¶/);

    // one h1, and an h2 and an h3 per section
    const headings = blocks.filter((b) => b[0] === 'h');
    expect(headings).toHaveLength(1 + 2 * sections);
    expect(headings.filter((b) => b[4]?.level === 2)).toHaveLength(sections);
    const last = headings.at(-1)!;
    expect(text.slice(last[1], last[2])).toBe(`Figures ${sections}`);
    // a table per section: a header row and 8 rows of 3 cells
    expect(blocks.filter((b) => b[0] === 'table')).toHaveLength(sections);
    expect(blocks.filter((b) => b[0] === 'td')).toHaveLength(sections * 8 * 3);
    expect(text).toContain(`Office | Amount | State\noffice-${sections}-1 | `);
    // a code block per section, its lines and indentation kept
    const code = blocks.filter((b) => b[0] === 'code');
    expect(code).toHaveLength(sections);
    expect(text.slice(code[0]![1], code[0]![2])).toBe('def reconcile_1(ledger):\n    total = sum(entry.amount for entry in ledger)\n    return total == 1');
    // two list items per section, links and inline code as spans
    expect(blocks.filter((b) => b[0] === 'li')).toHaveLength(2 * sections);
    const links = spans.filter((s) => s[0] === 'a');
    expect(links).toHaveLength(sections);
    expect(links.at(-1)![3]).toBe(`https://example.org/audit/${sections}`);
    expect(text.slice(links.at(-1)![1], links.at(-1)![2])).toBe(`the audit record ${sections}`);
    expect(spans.filter((s) => s[0] === 'code')).toHaveLength(sections);

    // and it is searchable to its last section
    const hits = await pith.search({ query: `"reconcile_${sections}"` });
    expect(hits.hits.map((h) => h.documentId)).toContain(id);
  }, 600_000);

  it('and a long Markdown document, a piece at a time: 12 MB of dense Markdown within a 512 MB worker (its tokens whole needed more)', async () => {
    const parts = ['# Field log\n\n'];
    let length = 0;
    let n = 0;
    while (length < 12 * 1024 * 1024) {
      n++;
      const s = `## Day ${n}\n\nEntry ${n}: the survey crossed the [ridge ${n}][map] and logged \`site_${n}\`.\n\n| Site | Depth |\n| --- | --- |\n| s-${n} | ${n % 90} |\n\n\`\`\`\nlog(${n})\n\`\`\`\n\n- finding ${n}a\n- finding ${n}b\n\n`;
      parts.push(s);
      length += s.length;
    }
    parts.push('[map]: https://example.org/map\n');
    const file = path.join(work, 'field-log.md');
    fs.writeFileSync(file, parts.join(''));
    const small = Pith.open(path.join(work, 'small-archive'), { pool: { memoryMb: 512 } });
    try {
      const report = await small.importPaths({ paths: [file] });
      expect(report.results[0]).toMatchObject({ status: 'imported' });
      const doc = await small.getDocument({ id: report.results[0]!.documentId! });
      expect(doc.title).toBe('Field log');
      expect(doc.text.endsWith(`- finding ${n}a\n- finding ${n}b`)).toBe(true);
      const blocks = doc.structure!.blocks;
      expect(blocks.filter((b) => b[0] === 'h')).toHaveLength(1 + n);
      expect(blocks.filter((b) => b[0] === 'code')).toHaveLength(n);
      expect(blocks.filter((b) => b[0] === 'td')).toHaveLength(2 * n);
      const links = doc.structure!.spans.filter((s) => s[0] === 'a');
      expect(links).toHaveLength(n); // the reference defined at the very end resolves everywhere
      expect(links.at(-1)![3]).toBe('https://example.org/map');
    } finally {
      await small.close();
    }
  }, 600_000);
});
