// `npm start` where Electron cannot start: one line saying why, then `pith serve`'s URL, and a
// server that answers. Also the pieces it decides with: finding the binary without downloading,
// the session checks, and when the UI needs building.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateElectron, rendererIsStale, sessionProblem } from '../scripts/electron-runtime.js';

const root = path.resolve(import.meta.dirname, '..');
let temp: string;

beforeAll(() => {
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-start-'));
});

afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

function fakeElectronPackage(base: string, { pathTxt, binary }: { pathTxt?: string; binary?: boolean }) {
  const dir = path.join(base, 'node_modules', 'electron');
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  if (pathTxt !== undefined) fs.writeFileSync(path.join(dir, 'path.txt'), pathTxt);
  if (binary) fs.writeFileSync(path.join(dir, 'dist', pathTxt ?? 'electron'), '');
}

describe("finding Electron's binary", () => {
  it('says the binary is not installed when it was never downloaded (no path.txt, or its file missing)', () => {
    const never = path.join(temp, 'never');
    fakeElectronPackage(never, {});
    expect(locateElectron({}, never)).toEqual({
      ok: false,
      version: '45.5.0',
      reason: "Electron's binary is not installed (it downloads from outside the npm registry)",
    });
    const half = path.join(temp, 'half');
    fakeElectronPackage(half, { pathTxt: 'electron' });
    expect(locateElectron({}, half).ok).toBe(false);
  });

  it('finds a downloaded binary, or one named by ELECTRON_OVERRIDE_DIST_PATH', () => {
    const ready = path.join(temp, 'ready');
    fakeElectronPackage(ready, { pathTxt: 'electron', binary: true });
    expect(locateElectron({}, ready)).toEqual({ ok: true, version: '45.5.0', path: path.join(ready, 'node_modules', 'electron', 'dist', 'electron') });
    expect(locateElectron({ ELECTRON_OVERRIDE_DIST_PATH: path.join(temp, 'nowhere') }, ready).ok).toBe(false);
    expect(locateElectron({ ELECTRON_OVERRIDE_DIST_PATH: path.join(ready, 'node_modules', 'electron', 'dist') }, ready).ok).toBe(true);
  });

  it('says Electron is not installed at all when the package is missing', () => {
    expect(locateElectron({}, path.join(temp, 'empty')).ok).toBe(false);
  });

  it('never downloads: it reads files only', () => {
    // The real package here: whatever the answer, it comes at once and starts no download.
    const started = Date.now();
    locateElectron();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('the session', () => {
  it('needs a display on Linux, and refuses to run Electron as root', () => {
    expect(sessionProblem({}, 'linux', 1000)).toMatch(/no display/);
    expect(sessionProblem({ DISPLAY: ':0' }, 'linux', 1000)).toBeNull();
    expect(sessionProblem({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', 1000)).toBeNull();
    expect(sessionProblem({ DISPLAY: ':0' }, 'linux', 0)).toMatch(/root/);
    expect(sessionProblem({}, 'darwin', 501)).toBeNull();
    expect(sessionProblem({}, 'win32', undefined)).toBeNull();
  });
});

describe('when the UI is built again', () => {
  it('builds when dist/renderer is missing or older than renderer/ or vite.config.ts', () => {
    const base = path.join(temp, 'ui');
    fs.mkdirSync(path.join(base, 'renderer'), { recursive: true });
    fs.writeFileSync(path.join(base, 'renderer', 'main.ts'), '');
    expect(rendererIsStale(base)).toBe(true);
    fs.mkdirSync(path.join(base, 'dist', 'renderer'), { recursive: true });
    fs.writeFileSync(path.join(base, 'dist', 'renderer', 'index.html'), '');
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(base, 'renderer', 'main.ts'), past, past);
    fs.utimesSync(path.join(base, 'renderer'), past, past);
    expect(rendererIsStale(base)).toBe(false);
    fs.writeFileSync(path.join(base, 'vite.config.ts'), '');
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(base, 'vite.config.ts'), future, future);
    expect(rendererIsStale(base)).toBe(true);
  });
});

describe('npm start without Electron', () => {
  it('says why in one line, then serves the UI and prints its URL', async () => {
    const ui = path.join(temp, 'served-ui');
    fs.mkdirSync(ui);
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Pith test UI</title>');
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
      cwd: root,
      env: {
        ...process.env,
        PITH_ARCHIVE: path.join(temp, 'archive'),
        PITH_RENDERER_DIR: ui,
        // No binary there, whatever this machine has: the fallback is what is tested.
        ELECTRON_OVERRIDE_DIST_PATH: path.join(temp, 'no-electron-here'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const lines = readline.createInterface({ input: child.stdout });
    const seen: string[] = [];
    try {
      for await (const line of lines) {
        seen.push(line);
        if (seen.length === 2) break;
      }
      expect(seen[0]).toMatch(/^Electron's binary is not at .+, so Pith opens in your browser instead:$/);
      expect(seen[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+$/);
      const page = await fetch(seen[1]!.split('#')[0]!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Pith test UI');
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(stderr).toContain('serving the archive');
  }, 60_000);
});
