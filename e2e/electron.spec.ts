// The desktop app itself, through Playwright's Electron driver: runs where Electron's binary is
// installed and a window can open, and says plainly why it is skipped where not (Electron's binary
// downloads from outside the npm registry, which some machines cannot reach).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { API_METHODS } from '../core/api.ts';
import type { PithWindowApi } from '../electron/ipc.ts';
import { buildElectron } from '../scripts/build-electron.js';
import { locateElectron, prepareNativeModules, root, sessionProblem } from '../scripts/electron-runtime.js';

const located = locateElectron();
const problem = located.ok ? sessionProblem() : located.reason;
const sample = path.join(root, 'core', 'annotate', 'fixtures', 'nato-western-balkans-2025.txt');

type WithPith = { pith: PithWindowApi };

test.describe('the Electron app', () => {
  test.skip(problem !== null, `${problem}, so the Electron app cannot be driven on this machine`);

  let binding = '';
  let dir = '';
  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    test.setTimeout(600_000);
    if (!fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) test.skip(true, 'the UI is not built (npx vite build)');
    await buildElectron({ logLevel: 'error' });
    const native = await prepareNativeModules(located.ok ? located.version : '');
    test.skip(!native.ok, native.ok ? '' : `${native.reason}, so the Electron app cannot open an archive here`);
    if (native.ok) binding = native.binding;
  });

  test.beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-electron-e2e-'));
    app = await electron.launch({
      executablePath: located.ok ? located.path : undefined,
      args: [path.join(root, 'dist', 'electron', 'main.mjs'), '--archive', path.join(dir, 'archive')],
      cwd: root,
      env: { ...process.env, PITH_SQLITE_BINDING: binding },
    });
    page = await app.firstWindow();
  });

  test.afterEach(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('opens the library in a locked-down window', async () => {
    await expect(page.getByRole('searchbox', { name: 'Search', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Import', exact: true }).first()).toBeVisible();
    expect(page.url()).toBe('app://pith/index.html');
    const world = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      pith: Object.keys((window as unknown as Partial<WithPith>).pith ?? {}).sort(),
    }));
    expect(world.require).toBe('undefined');
    expect(world.process).toBe('undefined');
    expect(world.pith).toEqual([...API_METHODS, 'onMenu', 'onProgress', 'originalUrl', 'pathForFile'].sort());
    // Nothing leaves the app: the request filter cancels it.
    const fetched = await page.evaluate(() => fetch('https://example.com/').then(() => 'loaded', () => 'blocked'));
    expect(fetched).toBe('blocked');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  test('imports the sample through the API, by a path the user chose', async () => {
    await expect(page.getByRole('searchbox', { name: 'Search', exact: true })).toBeVisible();
    // A path the user did not give is refused.
    const refused = await page.evaluate(
      (file) => (window as unknown as WithPith).pith.importPaths({ paths: [file] }).then(() => 'imported', (e: { code: string }) => e.code),
      sample,
    );
    expect(refused).toBe('invalid');
    // The user chooses the folder through File › Import Folder… (the dialog answered by the test).
    await app.evaluate(({ dialog }, folder) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [folder] })) as typeof dialog.showOpenDialog;
    }, path.dirname(sample));
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()!.getMenuItemById('import-folder')!.click());
    const report = await page.evaluate((file) => (window as unknown as WithPith).pith.importPaths({ paths: [file], taskId: 'e2e-import' }), sample);
    expect(report.imported + report.duplicates).toBe(1);
    const found = await page.evaluate(() => (window as unknown as WithPith).pith.search({ query: '"security vacuum"' }));
    expect(found.total).toBeGreaterThan(0);
    await page.reload();
    await expect(page.getByText(/NATO/).first()).toBeVisible();

    // The original streams from pith-original:// to the page (CORS from app://pith), by ranges.
    const streamed = await page.evaluate(async () => {
      const pith = (window as unknown as WithPith).pith;
      const { documents } = await pith.listDocuments({});
      const response = await fetch(pith.originalUrl(documents[0]!.id), { headers: { Range: 'bytes=0-3' } });
      return { status: response.status, range: response.headers.get('content-range'), text: await response.text() };
    });
    expect(streamed.status).toBe(206);
    expect(streamed.range).toMatch(/^bytes 0-3\/\d+$/);
    expect(streamed.text).toHaveLength(4);
  });

  test('runs the core in a utility process, not in main', async () => {
    const processes = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().map((m) => ({ type: m.type, name: m.serviceName ?? m.name ?? '' })));
    expect(processes).toContainEqual({ type: 'Utility', name: 'Pith archive' });
    const listed = await page.evaluate(() => (window as unknown as WithPith).pith.listDocuments({}));
    expect(listed.total).toBeGreaterThanOrEqual(0);
  });
});
