// The upgrade of archives made before documents had a structure: documents imported and
// annotated, the archive taken back to schema 3 (no structure tables, as an older Pith left it),
// then opened again: every HTML/Markdown document gets its structure and no annotation is lost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Pith } from '../pith.ts';
import { openDatabase } from '../../db/open.ts';
import { migrations } from '../../db/migrations.ts';
import { upgradeStructures } from './structure.ts';
import { writeExtraDocuments } from '../../e2e/support/corpus.ts';

const SAMPLE = path.resolve(import.meta.dirname, '../../../shared/samples/nato-western-balkans-2025.txt');
const PYTHON_DOCS = '/usr/share/doc/python3.11/html';
const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) fs.rmSync(f, { recursive: true, force: true });
});

function temp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

/** The sample article as Markdown and as HTML: its title, paragraphs, and the takeaways list. */
function sampleVersions(folder: string): string[] {
  const lines = fs.readFileSync(SAMPLE, 'utf8').split('\n').filter((l) => l.trim());
  const md: string[] = [];
  const html: string[] = ['<!doctype html><html><head><title>NATO in the Western Balkans</title></head><body><main>'];
  let list = false;
  for (const line of lines) {
    const item = /^- (.*)$/.exec(line);
    const heading = !item && line.length < 60 && !/[.!?]$/.test(line);
    if (item) {
      if (!list) html.push('<ul>');
      list = true;
      md.push(`- ${item[1]}`);
      html.push(`<li>${item[1]}</li>`);
      continue;
    }
    if (list) {
      html.push('</ul>');
      md.push('');
      list = false;
    }
    md.push(heading ? `## ${line}\n` : `${line}\n`);
    html.push(heading ? `<h2>${line}</h2>` : `<p>${line.replace(/Dayton Peace Agreement/g, '<em>Dayton Peace Agreement</em>')}</p>`);
  }
  html.push('<pre><code>def f(x):\n    return x  # indented\n</code></pre><table><tr><th>Mission</th><th>Since</th></tr><tr><td>KFOR</td><td>1999</td></tr></table>');
  html.push('</main></body></html>');
  fs.writeFileSync(path.join(folder, 'nato.md'), md.join('\n'));
  fs.writeFileSync(path.join(folder, 'nato.html'), html.join('\n'));
  return [path.join(folder, 'nato.md'), path.join(folder, 'nato.html')];
}

/** Quotes worth annotating in a text: a few sentences and words from across it. */
function quotesOf(text: string): string[] {
  const words = text.split(/\s+/).filter((w) => /^[A-Za-z]{6,}$/.test(w));
  const picks = [0.1, 0.3, 0.5, 0.7, 0.9].map((f) => words[Math.floor(f * (words.length - 1))]!).filter(Boolean);
  const sentence = /[A-Z][^.\n]{30,120}\./.exec(text)?.[0];
  return sentence ? [sentence, ...picks] : picks;
}

/** Takes an archive back to what Pith made before migration 4 (no structure, no images, nor what later migrations add). */
function makeOld(dir: string): void {
  // What a schema-3 archive holds: every other table, index and trigger came with a later migration.
  const reference = temp('pith-schema3-');
  const v3 = openDatabase(reference, { migrations: migrations.filter((m) => m.version <= 3) });
  const known = new Set((v3.prepare('SELECT name FROM sqlite_master').all() as { name: string }[]).map((r) => r.name));
  v3.close();
  const db = new Database(path.join(dir, 'pith.db'));
  const later = (db.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").all() as { type: string; name: string }[]).filter((r) => !known.has(r.name));
  for (const type of ['trigger', 'index', 'table']) for (const r of later.filter((x) => x.type === type)) db.exec(`DROP ${type.toUpperCase()} IF EXISTS "${r.name}"`);
  db.exec(`
    ALTER TABLE documents DROP COLUMN page_labels; ALTER TABLE annotations DROP COLUMN page_label;
    PRAGMA user_version = 3;`);
  db.close();
}

describe('upgrading an archive made before structures', () => {
  it('derives every HTML/Markdown structure from the originals and keeps every annotation where it was', async () => {
    const source = temp('pith-upgrade-src-');
    const files = sampleVersions(source);
    // the e2e corpus's HTML and Markdown documents too
    for (const file of writeExtraDocuments(source)) if (!file.endsWith('.txt')) files.push(file);
    for (const name of ['tutorial/controlflow.html', 'library/re.html']) {
      const file = path.join(PYTHON_DOCS, name);
      if (fs.existsSync(file)) files.push(file);
    }
    const archive = temp('pith-upgrade-');
    let pith = Pith.open(archive, { upgrade: false });
    const report = await pith.importPaths({ paths: files });
    expect(report.imported).toBe(files.length);
    const before = new Map<string, { id: string; start: number; end: number; exact: string }[]>();
    for (const r of report.results) {
      const doc = await pith.getDocument({ id: r.documentId! });
      const made = [];
      for (const quote of quotesOf(doc.text)) {
        const a = await pith.addAnnotation({ documentId: doc.id, quote, occurrence: 1, kind: 'highlight', comment: 'kept' });
        made.push({ id: a.id, start: a.position!.start, end: a.position!.end, exact: a.quote!.exact });
      }
      expect(made.length).toBeGreaterThan(2);
      before.set(doc.id, made);
    }
    await pith.close();
    makeOld(archive);

    pith = Pith.open(archive);
    const upgraded = (await pith.upgraded)!;
    expect(upgraded.documents).toBe(files.length);
    expect(upgraded.skipped).toEqual([]);
    expect(upgraded.annotations.orphaned).toBe(0);
    for (const [id, made] of before) {
      const doc = await pith.getDocument({ id });
      expect(doc.structure?.blocks.length).toBeGreaterThan(0);
      for (const m of made) {
        const a = doc.annotations.find((x) => x.id === m.id)!;
        expect(a.anchor).not.toBe('orphaned');
        expect(doc.text.slice(a.position!.start, a.position!.end)).toBe(m.exact);
      }
    }
    const html = await pith.getDocument({ id: report.results.find((r) => r.path.endsWith('nato.html'))!.documentId! });
    const code = html.structure!.blocks.find((b) => b[0] === 'code')!;
    expect(html.text.slice(code[1], code[2])).toBe('def f(x):\n    return x  # indented');
    await pith.close();

    // Nothing is left to do the next time.
    pith = Pith.open(archive);
    expect((await pith.upgraded)!.documents).toBe(0);
    await pith.close();
  }, 60_000);

  it('re-anchors annotations when the text comes out different, keeping what it cannot find as orphaned', async () => {
    const source = temp('pith-upgrade-src-');
    const [md] = sampleVersions(source);
    const archive = temp('pith-upgrade-');
    let pith = Pith.open(archive, { upgrade: false });
    const { results } = await pith.importPaths({ paths: [md!] });
    const id = results[0]!.documentId!;
    const kept = await pith.addAnnotation({ documentId: id, quote: 'will not allow a security vacuum to emerge' });
    const gone = await pith.addAnnotation({ documentId: id, quote: 'Political Cell' });
    await pith.close();
    makeOld(archive);
    // An older extractor's text: something added at the top, and a passage the original never had.
    const db = new Database(path.join(archive, 'pith.db'));
    const body = (db.prepare('SELECT body FROM documents').get() as { body: string }).body;
    const older = `Reading time: 4 minutes\n\n${body.replace('a new Political Cell', 'a new Zyxwvut Qqqq Cell')}`;
    db.prepare('UPDATE documents SET body = ?').run(older);
    db.prepare('UPDATE annotations SET start = start + 25, "end" = "end" + 25').run();
    db.prepare(`UPDATE annotations SET exact = 'Zyxwvut Qqqq' WHERE uuid = ?`).run(gone.id);
    db.close();

    pith = Pith.open(archive);
    const upgraded = (await pith.upgraded)!;
    expect(upgraded.textChanged).toBe(1);
    expect(upgraded.annotations.orphaned).toBe(1);
    const doc = await pith.getDocument({ id });
    expect(doc.text).toBe(body);
    const a = doc.annotations.find((x) => x.id === kept.id)!;
    expect(doc.text.slice(a.position!.start, a.position!.end)).toBe('will not allow a security vacuum to emerge');
    const b = doc.annotations.find((x) => x.id === gone.id)!;
    expect(b.anchor).toBe('orphaned'); // still there, flagged
    await pith.close();
  }, 60_000);

  it('stops between documents when interrupted, and the next run finishes the job', async () => {
    const source = temp('pith-upgrade-src-');
    const files = sampleVersions(source);
    const archive = temp('pith-upgrade-');
    let pith = Pith.open(archive, { upgrade: false });
    await pith.importPaths({ paths: files });
    await pith.close();
    makeOld(archive);
    pith = Pith.open(archive, { upgrade: false });
    const controller = new AbortController();
    const first = upgradeStructures(pith.db, pith.archiveDir, controller.signal);
    setImmediate(() => controller.abort());
    const partial = await first;
    expect(partial.documents).toBeLessThan(files.length);
    const rest = await upgradeStructures(pith.db, pith.archiveDir);
    expect(partial.documents + rest.documents).toBe(files.length);
    await pith.close();
  }, 60_000);
});
