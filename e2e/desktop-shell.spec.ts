// The real UI as the desktop shell serves it, in Chromium, where Electron cannot run: every file
// with the shell's security headers (its CSP included, from electron/app-files.ts), and window.pith
// built by the preload's own code (electron/renderer-api.ts) over the shell's IPC dispatcher
// (electron/bridge.ts + grants.ts), with fetch standing in for ipcRenderer. It proves the UI works
// under the desktop CSP (pdf.js included) and that nothing it does is refused by it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import * as esbuild from 'esbuild';
import { blobPath } from '../db/blobs.ts';
import type { PithWindowApi } from '../electron/ipc.ts';
import { expect, test } from './support/fixtures.ts';
import { makePdf } from './support/make-pdf.ts';

const root = path.resolve(import.meta.dirname, '..');
const sample = path.join(root, 'core', 'annotate', 'fixtures', 'nato-western-balkans-2025.txt');
type WithPith = { pith: PithWindowApi };

let shim = '';
let harness: ChildProcess;
let url = '';
let dir = '';

test.beforeAll(async () => {
  const built = await esbuild.build({
    entryPoints: [path.join(root, 'electron', 'test-support', 'browser-preload.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'silent',
  });
  shim = built.outputFiles[0]!.text;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-shell-e2e-'));
  fs.copyFileSync(sample, path.join(dir, 'nato.txt'));
  await makePdf(path.join(dir, 'deterrence.pdf'));
  harness = spawn(
    process.execPath,
    [path.join(root, 'bin', 'run-ts.js'), path.join(root, 'electron', 'test-support', 'shell-harness.ts'), '--archive', path.join(dir, 'archive'), '--renderer', path.join(root, 'dist', 'renderer')],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  url = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: harness.stdout! }).once('line', (line) => resolve(line.trim()));
    harness.once('exit', (code) => reject(new Error(`the shell harness exited with ${code}`)));
  });
  // Import as a drop would: the path is granted first (pathForFile), then importPaths.
  for (const file of ['nato.txt', 'deterrence.pdf']) {
    await fetch(new URL('/__grant', url), { method: 'POST', body: JSON.stringify({ path: path.join(dir, file) }) });
  }
});

test.afterAll(async () => {
  if (harness && harness.exitCode === null) {
    const exited = new Promise((resolve) => harness.once('exit', resolve));
    harness.kill('SIGTERM');
    await exited;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the UI runs under the desktop CSP and bridge, PDFs included, with no violation', async ({ page }, testInfo) => {
  const violations: string[] = [];
  // The reader takes the PDF from the streamed address window.pith.originalUrl gives, as the
  // desktop app's pith-original:// (here the harness answers it over HTTP), not as one message.
  const originals: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/__original/')) originals.push(request.url());
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(shim);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Refused to load by CSP: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const response = await page.goto(url);
  expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByRole('searchbox', { name: 'Search', exact: true })).toBeVisible();

  const report = await page.evaluate(
    (paths) => (window as unknown as WithPith).pith.importPaths({ paths, taskId: 'shell-e2e' }),
    [path.join(dir, 'nato.txt'), path.join(dir, 'deterrence.pdf')],
  );
  expect(report.imported).toBe(2);
  await page.reload();
  const table = page.getByRole('table', { name: 'Documents' });
  await expect(table).toContainText('Deterrence and Presence in the Balkans');

  // The text document, then the PDF through pdf.js (its worker, canvas and text layer).
  await table.getByText(/NATO Secretary General/).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /NATO Secretary General/ })).toBeVisible();
  await page.getByRole('navigation', { name: 'Archive' }).getByRole('button', { name: /Library/ }).click();
  await page.getByRole('table', { name: 'Documents' }).getByText('Deterrence and Presence in the Balkans').first().click();
  await expect(page.locator('canvas').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Deterrence in the Western Balkans rests on a credible presence.').first()).toBeAttached({ timeout: 30_000 });
  expect(originals.length).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath('pdf-streamed.png') });

  expect(violations).toEqual([]);
});

/**
 * Grows a PDF to about `bytes` by an incremental update holding one stream of zeros, written sparse (a
 * hole, no disk used): still a valid PDF whose pages are the original's, and whose cross-reference
 * table is at the end, so a reader by ranges needs only its first and last few hundred KB.
 */
function growPdf(file: string, bytes: number): void {
  const head = fs.readFileSync(file);
  const text = head.toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const root = [...text.matchAll(/\/Root (\d+ \d+ R)/g)].at(-1)![1];
  const size = Math.max(...[...text.matchAll(/\/Size (\d+)/g)].map((m) => Number(m[1])));
  const objectAt = head.length + 1;
  const opening = Buffer.from(`\n${size} 0 obj\n<< /Length ${0} >>\nstream\n`, 'latin1');
  const closingFor = (length: number, xref: number) =>
    Buffer.from(
      `\nendstream\nendobj\nxref\n${size} 1\n${String(objectAt).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${size + 1} /Root ${root} /Prev ${prev} >>\nstartxref\n${xref}\n%%EOF\n`,
      'latin1',
    );
  // The stream's length is what is left once the update's own text is counted.
  const guess = closingFor(0, 0).length + 40;
  const length = bytes - head.length - opening.length - guess;
  const open = Buffer.from(`\n${size} 0 obj\n<< /Length ${length} >>\nstream\n`, 'latin1');
  const streamAt = head.length + open.length;
  const xrefAt = streamAt + length + '\nendstream\nendobj\n'.length;
  const fd = fs.openSync(file, 'a');
  try {
    fs.writeSync(fd, open);
    fs.ftruncateSync(fd, streamAt + length);
    fs.writeSync(fd, closingFor(length, xrefAt), 0, undefined, streamAt + length);
  } finally {
    fs.closeSync(fd);
  }
}

test('a 500 MB PDF opens, read by ranges from the streamed original', async ({ page }) => {
  await page.addInitScript(shim);
  const ranges: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/__original/') && request.headers().range) ranges.push(request.headers().range!);
  });
  await page.goto(url);
  // The imported PDF's stored original, made 500 MB (its pages and text stay those of the import).
  const original = path.join(dir, 'deterrence.pdf');
  const sha = createHash('sha256').update(fs.readFileSync(original)).digest('hex');
  const blob = blobPath(path.join(dir, 'archive'), sha);
  const huge = path.join(dir, 'huge.pdf');
  fs.copyFileSync(original, huge);
  growPdf(huge, 500 * 1024 * 1024);
  expect(fs.statSync(huge).size).toBeGreaterThan(499 * 1024 * 1024);
  fs.rmSync(blob, { force: true });
  fs.renameSync(huge, blob);

  await page.getByRole('table', { name: 'Documents' }).getByText('Deterrence and Presence in the Balkans').first().click();
  await expect(page.locator('canvas').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Deterrence in the Western Balkans rests on a credible presence.').first()).toBeAttached({ timeout: 60_000 });
  // pdf.js asked for parts (the cross-reference table at the end among them), never the whole.
  expect(ranges.length).toBeGreaterThan(0);
  const ends = ranges.map((range) => Number(/bytes=\d+-(\d+)/.exec(range)?.[1] ?? 0));
  expect(Math.max(...ends)).toBeGreaterThan(499 * 1024 * 1024);
});

test('window.pith rejects with the code and message of the error, and the page cannot reach out', async ({ page }) => {
  const refusals: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refusals.push(message.text());
  });
  await page.addInitScript(shim);
  await page.goto(url);
  const failure = await page.evaluate(() =>
    (window as unknown as WithPith).pith.getDocument({ id: 'no-such-document' }).then(
      () => null,
      (error: { code: string; message: string }) => ({ code: error.code, message: error.message, text: String(error) }),
    ),
  );
  expect(failure?.code).toBe('not-found');
  expect(failure?.text).toBe(failure?.message);
  const refused = await page.evaluate(() =>
    (window as unknown as WithPith).pith.importPaths({ paths: ['/etc/passwd'] }).then(() => 'imported', (e: { code: string }) => e.code),
  );
  expect(refused).toBe('invalid');
  const outside = await page.evaluate(() => fetch('https://example.com/').then(() => 'reached', () => 'blocked'));
  expect(outside).toBe('blocked');
  // The refusal is the CSP's (connect-src 'self'), seen the way the first test looks for violations.
  await expect.poll(() => refusals.join('\n')).toMatch(/connect-src/);
});
