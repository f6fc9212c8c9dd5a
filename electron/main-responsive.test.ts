// Issue 13 item 10 / issue 14: the desktop app's main process stays responsive while the core
// works. The bundled main process runs under the stand-in Electron (its utilityProcess is a worker
// thread with its own event loop, as a utility process has its own process); the archive holds 300
// documents; a typeset-PDF export of all of them and a backup run at once in the core host while
// main's event loop delay is sampled (perf_hooks.monitorEventLoopDelay). When main ran the core
// itself, typesetting and zipping ran on this very loop: the same work in-process measured a worst
// delay of ~1 s and a 99th percentile of ~156 ms on the 2-core machine this was written on; with
// the core host, ~49 ms and ~25 ms, which is what an idle Node shows there (~39 ms, ~22 ms) when
// the machine is loaded. A busy machine delays every loop, idle or not; so an idle control loop
// (a thread doing nothing) is sampled over the same time, and main may be late by no more than
// 50 ms beyond it at the 99th percentile, and its worst sample stays far from a blocked loop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../scripts/build-electron.js';
import type { ExportReport, ImportReport } from '../core/api.ts';
import { CONNECT_CHANNEL, GRANT_CHANNEL, PORT_CHANNEL, type Envelope } from './ipc.ts';
import { createPortClient, type PortClient, type RendererPort } from './port-client.ts';
import type { FakeMessagePortMain, state as FakeState } from './test-support/fake-electron.ts';

const root = path.resolve(import.meta.dirname, '..');
const DOCUMENTS = 300;
/** Main's loop lag, in milliseconds: issue 14's bound, for 99% of samples. */
const MAX_LAG_MS = 50;
/** No single sample may come near a blocked loop (one typeset document in main took ~1 s). */
const WORST_LAG_MS = 250;

let base: string;
let temp: string;
let fake: typeof FakeState;
let renderer: PortClient;

async function until<T>(get: () => T | undefined | null | false, ms = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = get();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function value<T>(reply: Promise<Envelope>): Promise<T> {
  const envelope = await reply;
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

interface Lag {
  max: number;
  p99: number;
  count: number;
}

/** An idle event loop on its own thread, sampled like main's: how late any loop is on this machine now. */
function idleControl(): { stop(): Promise<Lag> } {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     const { monitorEventLoopDelay } = require('node:perf_hooks');
     const lag = monitorEventLoopDelay({ resolution: 10 });
     lag.enable();
     parentPort.once('message', () => {
       lag.disable();
       parentPort.postMessage({ max: lag.max / 1e6, p99: lag.percentile(99) / 1e6, count: lag.count });
     });`,
    { eval: true },
  );
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once('message', (lag: Lag) => {
          void worker.terminate();
          resolve(lag);
        });
        worker.postMessage('stop');
      }),
  };
}

/** A few paragraphs of distinct text per document, so that none is a duplicate of another. */
function documentText(n: number): string {
  const words = ['deterrence', 'alliance', 'vacuum', 'security', 'Balkans', 'mission', 'forces', 'summit', 'council', 'treaty'];
  const paragraphs: string[] = [`Report ${n}: on the ${words[n % words.length]} of the region`];
  for (let p = 0; p < 12; p++) {
    const sentence = Array.from({ length: 40 }, (_, i) => words[(n * 7 + p * 3 + i) % words.length]).join(' ');
    paragraphs.push(`${sentence} (${n}.${p}).`);
  }
  return paragraphs.join('\n\n');
}

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(root, 'node_modules', '.cache-pith-electron-lag-'));
  const outdir = path.join(base, 'dist', 'electron');
  await buildElectron({ outdir, logLevel: 'error', alias: { electron: path.join(root, 'electron', 'test-support', 'fake-electron.ts') } });
  fs.mkdirSync(path.join(base, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(base, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Pith</title>');
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-electron-lag-'));
  const docs = path.join(temp, 'docs');
  fs.mkdirSync(docs);
  for (let n = 0; n < DOCUMENTS; n++) fs.writeFileSync(path.join(docs, `report-${String(n).padStart(3, '0')}.txt`), documentText(n));
  process.env.PITH_ARCHIVE = path.join(temp, 'archive');
  // The bundles sit in a scratch folder under node_modules/: packageRoot finds the checkout's fonts.

  await import(pathToFileURL(path.join(outdir, 'main.mjs')).href);
  fake = (globalThis as unknown as { __pithFakeElectron: typeof FakeState }).__pithFakeElectron;
  fake.app.makeReady();
  const win = await until(() => fake.windows[0]);
  const from = { sender: win.webContents, senderFrame: { url: 'app://pith/index.html', parent: null } };
  fake.listeners.get(CONNECT_CHANNEL)!(from);
  const posted = await until(() => win.webContents.posted.find((p) => p.channel === PORT_CHANNEL));
  const port = posted.ports[0] as FakeMessagePortMain;
  const adapter: RendererPort = { onmessage: null, postMessage: (m) => port.postMessage(m), start: () => port.start(), close: () => port.close() };
  port.on('message', (e: { data: unknown }) => adapter.onmessage?.({ data: e.data } as MessageEvent));
  renderer = createPortClient();
  renderer.attach(adapter);

  await fake.handlers.get(GRANT_CHANNEL)!(from, docs);
  const report = await value<ImportReport>(renderer.call('importPaths', { paths: [docs] }));
  expect(report.imported).toBe(DOCUMENTS);
}, 600_000);

afterAll(async () => {
  if (fake) {
    // Quitting closes the archive in the core host, then ends it.
    fake.app.quit();
    await until(() => fake.utilityProcesses.every((child) => child.exited));
  }
  if (base) fs.rmSync(base, { recursive: true, force: true });
  if (temp) fs.rmSync(temp, { recursive: true, force: true });
});

describe('the main process while the core host works', () => {
  it(`keeps its event loop under ${MAX_LAG_MS} ms while ${DOCUMENTS} documents export as typeset PDFs and a backup runs`, async () => {
    const out = path.join(temp, 'export');
    fs.mkdirSync(out);
    const backupFile = path.join(temp, 'backup.zip');
    // The user's answers to main's dialogs: a folder for the PDFs, a file for the backup.
    fake.openDialogResult = { canceled: false, filePaths: [out] };
    fake.saveDialogResult = { canceled: false, filePath: backupFile };
    const progress: number[] = [];
    renderer.onProgress((event) => progress.push(event.done));

    const control = idleControl();
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const [exported, backup] = await Promise.all([
      value<ExportReport>(renderer.call('exportAnnotations', { format: 'pdf', allDocuments: true, taskId: 'export-all' })),
      value<{ file: string; bytes: number }>(renderer.call('backup', {})),
    ]);
    lag.disable();
    const idle = await control.stop();

    expect(exported).toMatchObject({ format: 'pdf', out, documents: DOCUMENTS, failed: [], cancelled: false });
    expect(fs.readdirSync(out).filter((name) => name.endsWith('.pdf'))).toHaveLength(DOCUMENTS);
    expect(backup.file).toBe(backupFile);
    expect(fs.statSync(backupFile).size).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    // Samples were taken all along (the work is not instant), and main was never held.
    expect(lag.count).toBeGreaterThan(10);
    const worst = lag.max / 1e6;
    const p99 = lag.percentile(99) / 1e6;
    console.log(
      `main's event loop while the core host worked: ${lag.count} samples, worst delay ${worst.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms` +
        ` (an idle loop meanwhile: worst ${idle.max.toFixed(1)} ms, p99 ${idle.p99.toFixed(1)} ms)`,
    );
    expect(idle.count).toBeGreaterThan(10);
    expect(p99).toBeLessThan(MAX_LAG_MS + idle.p99);
    expect(worst).toBeLessThan(WORST_LAG_MS + idle.max);
  }, 600_000);

  it('cancels a long export through the port, as the window does (cancel by taskId)', async () => {
    const out = path.join(temp, 'cancelled-export');
    fs.mkdirSync(out);
    fake.openDialogResult = { canceled: false, filePaths: [out] };
    const seen: number[] = [];
    const off = renderer.onProgress((event) => event.taskId === 'export-to-cancel' && seen.push(event.done));
    const running = renderer.call('exportAnnotations', { format: 'pdf', allDocuments: true, taskId: 'export-to-cancel' });
    // Cancel once the export is under way (its first progress event), as the UI's Cancel button would.
    await until(() => seen.length > 0);
    expect(await value(renderer.call('cancel', { taskId: 'export-to-cancel' }))).toEqual({ cancelled: true });
    const reply = await running;
    off();
    const cancelled = reply.ok ? (reply.value as ExportReport).cancelled : reply.error.code === 'cancelled';
    expect(cancelled).toBe(true);
    expect(fs.readdirSync(out).length).toBeLessThan(DOCUMENTS);
  }, 600_000);
});
