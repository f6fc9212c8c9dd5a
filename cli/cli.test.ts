// The `pith` command as a user runs it: a real process over a temporary archive.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const root = path.resolve(import.meta.dirname, '..');
const sample = path.resolve(root, '../shared/samples/nato-western-balkans-2025.txt');
let work: string;
let archive: string;

function pith(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/pith.js'), '--archive', archive, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PITH_ARCHIVE: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(...args: string[]) {
  const r = pith(...args, '--json');
  try {
    return { ...r, value: JSON.parse(r.stdout) };
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

async function makePdf(file: string, pages: string[]) {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.setTitle('Generated report');
  for (const text of pages) {
    const page = pdf.addPage([595, 842]);
    page.drawText(text, { x: 72, y: 760, size: 12, font });
  }
  fs.writeFileSync(file, await pdf.save());
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-cli-'));
  archive = path.join(work, 'archive');
  const docs = path.join(work, 'docs');
  fs.mkdirSync(path.join(docs, 'nested'), { recursive: true });
  fs.copyFileSync(sample, path.join(docs, 'nato.txt'));
  fs.writeFileSync(
    path.join(docs, 'nested', 'page.html'),
    '<html><head><title>Belgrade notes</title><script>alert(1)</script></head><body><article><h1>Belgrade notes</h1><p>Talks in Београд continued on March 12, 2025 about the bridge.</p><p>A second paragraph long enough for the reader to keep it as the main article text of this page.</p></article></body></html>',
  );
  fs.writeFileSync(path.join(docs, 'nested', 'notes.md'), '# Field notes\n\nThe **archive** keeps everything.\n');
  await makePdf(path.join(docs, 'report.pdf'), ['First page about the security vacuum.', 'Second page about Sarajevo.']);
  const good = fs.readFileSync(path.join(docs, 'report.pdf'));
  fs.writeFileSync(path.join(docs, 'truncated.pdf'), good.subarray(0, Math.floor(good.length / 3)));
  fs.writeFileSync(path.join(docs, 'garbage.pdf'), Buffer.from('this is not a pdf at all'));
  fs.writeFileSync(path.join(docs, 'slides.pptx'), 'PK\u0003\u0004');
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('pith import, search, list, show', () => {
  it('imports a folder, accounting for every file', () => {
    const { code, value } = json('import', path.join(work, 'docs'));
    expect(code).toBe(1); // some files failed
    expect(Object.keys(value)).toEqual(['imported', 'duplicates', 'updated', 'unsupported', 'failed', 'results']);
    expect(value).toMatchObject({ imported: 4, duplicates: 0, updated: 0, unsupported: 1, failed: 2 });
    expect(value.results).toHaveLength(7);
    const byName = Object.fromEntries(value.results.map((r: { path: string }) => [path.basename(r.path), r]));
    expect(byName['nato.txt']).toMatchObject({ status: 'imported', documentId: expect.any(String) });
    expect(byName['garbage.pdf']).toMatchObject({ status: 'failed', reason: expect.any(String) });
    expect(byName['truncated.pdf']).toMatchObject({ status: 'failed', reason: expect.any(String) });
    expect(byName['slides.pptx']).toMatchObject({ status: 'unsupported' });
  });

  it('reports duplicates only when the same folder is imported again', () => {
    const { code, value } = json('import', path.join(work, 'docs'));
    expect(value).toMatchObject({ imported: 0, duplicates: 4, updated: 0, unsupported: 1, failed: 2 });
    expect(code).toBe(1);
  });

  it('shows the sample with its five suggested takeaways', () => {
    const list = json('list').value;
    const nato = list.documents.find((d: { title: string }) => d.title.startsWith('NATO'));
    expect(nato).toMatchObject({ mime: expect.stringMatching(/^text\/plain/), importedAt: expect.any(String), tags: [] });
    const doc = json('show', nato.id).value;
    expect(doc).toMatchObject({ id: nato.id, published: '2025-03-10', source: { url: null } });
    const suggested = doc.annotations.filter((a: { suggested: boolean; kind: string }) => a.suggested && a.kind === 'takeaway');
    expect(suggested).toHaveLength(5);
    for (const a of suggested) expect(doc.text.slice(a.position.start, a.position.end)).toBe(a.quote.exact);
  });

  it('finds Priština whether typed with or without diacritics', () => {
    for (const q of ['pristina', 'Priština']) {
      const { code, value } = json('search', q);
      expect(code).toBe(0);
      expect(value.hits.some((h: { title: string; kind: string }) => h.kind === 'document' && h.title.startsWith('NATO'))).toBe(true);
      expect(value.hits[0].snippet).toMatch(/<mark>Pri[sš]tina<\/mark>/);
    }
  });

  it('searches PDFs and HTML, and never keeps scripts', () => {
    expect(json('search', 'vacuum type:pdf').value.hits).toHaveLength(1);
    expect(json('search', 'Београд').value.hits[0].title).toBe('Belgrade notes');
    expect(json('search', 'alert').value.total).toBe(0);
  });

  it('searches a malformed query literally instead of failing', () => {
    for (const q of ['"unbalanced', '*', 'AND', '-', 'a:b:c', '((']) {
      const r = pith('search', '--json', q);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toHaveProperty('hits');
    }
  });

  it('says one clear line for a wrong id, a missing path and bad usage', () => {
    const wrong = pith('show', 'no-such-id');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/No document with id no-such-id/);
    const missing = json('import', path.join(work, 'nowhere.txt'));
    expect(missing.code).toBe(1);
    expect(missing.value.results[0]).toMatchObject({ status: 'failed', reason: 'no such file or folder' });
    const usage = pith('search');
    expect(usage.code).toBe(2);
    expect(usage.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an unreadable archive with one line', () => {
    const bad = path.join(work, 'bad-archive');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'pith.db'), 'garbage '.repeat(1000));
    const r = spawnSync(process.execPath, [path.join(root, 'bin/pith.js'), '--archive', bad, 'list'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a Pith archive/);
  });
});
