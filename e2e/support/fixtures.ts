// A fresh archive and a `pith serve` on it for every test; the page gets the served URL.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { test as base, expect, type Page } from '@playwright/test';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Served {
  /** The URL printed on stdout (with #token=…). */
  url: string;
  origin: string;
  archive: string;
  /** A folder for files the test makes (imports, downloads). */
  work: string;
}

async function startServe(archive: string): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/pith.js'), '--archive', archive, 'serve'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PITH_ARCHIVE: archive },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pith serve printed no URL in 30 s\n${stderr}`)), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pith serve exited with ${code}\n${stderr}`));
    });
  });
  return { child, url, stderr: () => stderr };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<{ served: Served }>({
  served: async ({}, use, testInfo) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-e2e-'));
    const archive = path.join(dir, 'archive');
    const work = path.join(dir, 'work');
    fs.mkdirSync(work);
    const { child, url, stderr } = await startServe(archive);
    try {
      await use({ url, origin: new URL(url).origin, archive, work });
    } finally {
      await stop(child);
      if (testInfo.status !== testInfo.expectedStatus && stderr()) await testInfo.attach('pith serve stderr', { body: stderr() });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});

export { expect };

/** Opens the app and waits for it to be ready. */
export async function openApp(page: Page, served: Served): Promise<void> {
  await page.goto(served.url);
  await expect(page.getByRole('searchbox', { name: 'Search', exact: true })).toBeVisible();
}

/** Imports files through the Import button's file picker and waits for the report. */
export async function importThroughUi(page: Page, files: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await (await chooser).setFiles(files);
  const dialog = page.getByRole('dialog', { name: /Import/ });
  await expect(dialog.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 60_000 });
}

export async function closeImportReport(page: Page): Promise<void> {
  await page.getByRole('dialog', { name: /Import/ }).getByRole('button', { name: 'Done' }).click();
}

/** Selects a phrase in the reader's text the way a user would end a drag (selection + pointerup). */
export async function selectInText(page: Page, phrase: string): Promise<void> {
  const found = await page.evaluate((wanted) => {
    const root = document.querySelector('[data-testid="document-text"]');
    if (!root) return false;
    (document.activeElement as HTMLElement | null)?.blur?.();
    // The phrase may run across several text nodes (marks of highlights or of find cut it).
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const all = nodes.map((n) => n.data).join('');
    const at = all.indexOf(wanted);
    if (at === -1) return false;
    const point = (offset: number, end: boolean): [Text, number] => {
      let pos = 0;
      for (const n of nodes) {
        if (offset < pos + n.data.length || (end && offset === pos + n.data.length)) return [n, offset - pos];
        pos += n.data.length;
      }
      const last = nodes[nodes.length - 1]!;
      return [last, last.data.length];
    };
    const [startNode, startOffset] = point(at, false);
    const [endNode, endOffset] = point(at + wanted.length, true);
    startNode.parentElement!.scrollIntoView({ block: 'center' });
    const range = document.createRange();
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    startNode.parentElement!.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    return true;
  }, phrase);
  expect(found, `"${phrase}" in the reader`).toBe(true);
  await expect(page.getByRole('toolbar', { name: 'Annotate the selection' })).toBeVisible();
}

/** Copies a file into the test's own folder (the sample lives in a read-only shared folder in CI). */
export function copyIn(served: Served, source: string, name = path.basename(source)): string {
  const target = path.join(served.work, name);
  fs.copyFileSync(source, target);
  return target;
}

export const SAMPLE = ((): string => {
  for (const candidate of [
    process.env.PITH_SAMPLE,
    path.join(ROOT, '../shared/samples/nato-western-balkans-2025.txt'),
    '/work/shared/samples/nato-western-balkans-2025.txt',
  ]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  throw new Error('The sample document nato-western-balkans-2025.txt was not found beside the repository (../shared/samples).');
})();
