// Offline, for the Node side of Pith (core, its import workers, export, backup): a child process
// does everything a user does with an archive, over documents that point at a server on this
// machine in every way a document can (images, scripts, styles, frames, refresh, forms, SVG,
// Markdown images, PDF links and JavaScript), under a guard preloaded into the process and its
// worker threads that logs every attempt to open a socket, resolve a name or fetch. Nothing may
// be attempted, and the server must see no request. The guard proves itself with two requests
// the child makes on purpose at the end (one from a worker thread).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
let work: string;
let server: http.Server;
let port: number;
const seen: string[] = [];

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-offline-'));
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.end('');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(work, { recursive: true, force: true });
});

async function writeDocuments(dir: string): Promise<void> {
  const at = (what: string) => `http://127.0.0.1:${port}/${what}`;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'hostile.html'),
    `<!doctype html><html><head><title>Hostile page about the archive</title>
<base href="${at('base/')}"><meta http-equiv="refresh" content="0;url=${at('refresh')}">
<link rel="stylesheet" href="${at('style.css')}"><link rel="preload" as="image" href="${at('preload')}">
<link rel="dns-prefetch" href="//pith-offline-test.invalid"><link rel="icon" href="${at('favicon')}">
<style>@import url("${at('import.css')}"); body { background: url("${at('bg.png')}") }</style>
<script src="${at('script.js')}"></script>
<script>fetch("${at('fetch')}"); var x = new XMLHttpRequest(); x.open("GET", "${at('xhr')}"); x.send(); document.title = "ran";</script>
</head><body onload="new Image().src='${at('onload')}'">
<article><h1>Hostile page about the archive</h1>
<p>The alliance will not allow a security vacuum to emerge, said the minister in Priština.</p>
<img src="${at('img.png')}" srcset="${at('srcset.png')} 2x" onerror="fetch('${at('onerror')}')">
<iframe src="${at('frame')}"></iframe><object data="${at('object')}"></object><embed src="${at('embed')}">
<video poster="${at('poster')}" src="${at('video')}"></video><audio src="${at('audio')}"></audio>
<svg><image href="${at('svg-image')}"/><script>fetch("${at('svg-script')}")</script></svg>
<math><mtext><a href="javascript:fetch('${at('math')}')">x</a></mtext></math>
<form action="${at('form')}"><input autofocus onfocus="fetch('${at('focus')}')"></form>
<a href="${at('link')}" ping="${at('ping')}">a link that is only text</a>
<p>A second paragraph so that the reader keeps this page as an article of some length.</p></article>
</body></html>`,
  );
  fs.writeFileSync(
    path.join(dir, 'hostile.md'),
    `# Notes about the bridge\n\n![remote](${at('md-image.png')})\n\n<img src="${at('md-html-img')}"><script>fetch("${at('md-script')}")</script>\n\n[link](${at('md-link')}) and <iframe src="${at('md-frame')}"></iframe>\n\nThe archive keeps every note.\n`,
  );
  fs.writeFileSync(path.join(dir, 'plain.txt'), `Plain notes\n\nSee ${at('txt-url')} for the archive.\n`);

  // A PDF with a link to the server and JavaScript that would call it when opened.
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.setTitle('Report with active content');
  const page = pdf.addPage([595, 842]);
  page.drawText('The archive keeps the security vacuum report.', { x: 60, y: 760, size: 12, font });
  const ctx = pdf.context;
  const link = ctx.register(
    ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [60, 750, 400, 775], Border: [0, 0, 0], A: { S: 'URI', URI: PDFString.of(at('pdf-uri')) } }),
  );
  page.node.set(PDFName.of('Annots'), ctx.obj([link]));
  const js = ctx.obj({ S: 'JavaScript', JS: PDFHexString.fromText(`app.launchURL("${at('pdf-js')}", true); this.submitForm("${at('pdf-submit')}");`) });
  pdf.catalog.set(PDFName.of('OpenAction'), ctx.register(js));
  fs.writeFileSync(path.join(dir, 'active.pdf'), await pdf.save());
}

function runChild(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('offline', () => {
  it('imports, searches, reads, annotates, exports, backs up and restores hostile documents without one network attempt', async () => {
    const docs = path.join(work, 'docs');
    await writeDocuments(docs);
    const log = path.join(work, 'net.log');
    const out = path.join(work, 'out');
    fs.mkdirSync(out);
    const r = await runChild(
      [
        '--require',
        path.join(root, 'core/import/fixtures/net-guard.cjs'),
        path.join(root, 'bin/run-ts.js'),
        path.join(root, 'core/import/fixtures/offline-child.ts'),
        path.join(work, 'archive'),
        docs,
        out,
      ],
      { PITH_NET_GUARD_LOG: log, PITH_NET_SELFTEST: '1' },
    );
    expect(r.code, r.stderr).toBe(0);
    const steps = JSON.parse(r.stdout.trim().split('\n').pop()!) as string[];
    expect(steps[0]).toBe('import: 4 imported, 0 failed');
    expect(steps).toContain('restore');
    expect(steps.filter((s) => /export/.test(s) && !/, 0 failed$/.test(s))).toEqual([]);

    const attempts = fs.existsSync(log)
      ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { what: string; detail: string; thread: number })
      : [];
    // Only the guard's own self-test: one fetch from the main thread and one from a worker
    // thread, to port 9, after everything else.
    expect(attempts, JSON.stringify(attempts, null, 1)).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ what: 'fetch', detail: 'http://127.0.0.1:9/selftest', thread: 0 });
    expect(attempts[1]).toMatchObject({ what: 'fetch', detail: 'http://127.0.0.1:9/worker-selftest' });
    expect(attempts[1]!.thread).toBeGreaterThan(0);
    expect(seen).toEqual([]);

    // No code from a document ran at import: the page's script would have retitled it "ran",
    // and none of the script, style or handler source is kept as text.
    const db = new Database(path.join(work, 'archive', 'pith.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT title, body FROM documents ORDER BY title').all() as { title: string; body: string }[];
      expect(rows.map((r) => r.title)).toContain('Hostile page about the archive');
      expect(rows.map((r) => r.title)).not.toContain('ran');
      for (const { body } of rows) expect(body).not.toMatch(/XMLHttpRequest|fetch\(|onerror|onload|@import|app\.launchURL/);
    } finally {
      db.close();
    }
  }, 120_000);
});
