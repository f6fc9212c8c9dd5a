// electron-builder.yml checked without packaging (which needs the network): against
// electron-builder's own schema, and against what the bundles need at run time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron, type BuildElectronResult } from '../scripts/build-electron.js';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(root, 'package.json'));
const yaml = require('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  extraMetadata: { main: string };
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  mac: { target: string };
  win: { target: string };
}

const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

let outdir: string;
let built: BuildElectronResult | null = null;

beforeAll(async () => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-builder-'));
  built = await buildElectron({ outdir, logLevel: 'silent' });
}, 60_000);

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

function packageName(specifier: string): string | null {
  if (specifier.startsWith('node:') || !/^[@a-z]/.test(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = require('builder-util');
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, asarUnpak: [] }, new DebugLogger(false))).rejects.toThrow(/configuration/);
  });

  it('builds AppImage and deb, dmg and NSIS, as Pith', () => {
    expect(config.productName).toBe('Pith');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
  });

  it('starts from the bundled main and ships the bundles, the UI and the fonts', () => {
    expect(config.extraMetadata.main).toBe('dist/electron/main.mjs');
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**/*', 'dist/renderer/**/*', 'resources/fonts/**/*']));
  });

  it('rebuilds native modules for Electron at packaging time only, and unpacks them from the asar', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    const postinstall = `${manifest.scripts.postinstall ?? ''} ${manifest.scripts.install ?? ''}`;
    expect(postinstall).not.toMatch(/install-app-deps|electron-rebuild|@electron\/rebuild/);
  });

  it('packages the core host beside main (main starts it as a utility process)', () => {
    const files = built!.files.map((file) => path.relative(root, file));
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/core-host\.mjs$/), expect.stringMatching(/main\.mjs$/)]));
    expect(config.files).toContain('dist/electron/**/*');
    expect(built!.externals.host).toContain('better-sqlite3');
    expect(built!.externals.main).not.toContain('better-sqlite3');
  });

  it('flips the fuses that would turn the app into a general Node runtime', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships every package the bundles import (production dependencies; Electron itself is the runtime)', () => {
    const needed = new Set(
      [...built!.externals.main, ...built!.externals.host, ...built!.externals.worker].map(packageName).filter((n): n is string => n !== null),
    );
    needed.delete('electron');
    const missing = [...needed].filter((name) => !(name in manifest.dependencies));
    expect(missing).toEqual([]);
    expect(Object.keys(manifest.dependencies)).not.toContain('electron');
  });
});
