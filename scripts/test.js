#!/usr/bin/env node
// `npm test`: obtains what the tests need, then type-checks, runs the unit tests and the
// end-to-end tests, and ends with one line counting what passed and failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const args = new Set(process.argv.slice(2));
const only = (name) => args.size === 0 || args.has(name) || args.has(`--${name}`);

function run(label, command, commandArgs, env = {}) {
  console.log(`\n== ${label}: ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Debian packages the tests need: installed through apt-get when missing and we can. */
function ensureSystemPackages() {
  // [a command, or an absolute path of a file the package installs; package; what for]
  const wanted = [
    ['chromium', 'chromium', 'the end-to-end tests'],
    ['pdftotext', 'poppler-utils', 'checking exported PDFs'],
    ['qpdf', 'qpdf', 'checking exported PDFs'],
    ['mutool', 'mupdf-tools', 'checking exported PDFs'],
    // PyMuPDF: reads the text under every exported highlight, on encrypted PDFs too.
    ['/usr/lib/python3/dist-packages/fitz/__init__.py', 'python3-fitz', 'checking exported PDFs'],
    ['fc-list', 'fontconfig', 'rendering PDFs'],
    // Real documents nobody here wrote: R's PDF manuals (page labels, bookmarks, 100–2,400
    // pages) and Python's HTML documentation (code blocks, tables, definition lists).
    ['/usr/share/R/doc/manual/R-exts.pdf', 'r-doc-pdf', 'the reader tests on real PDFs'],
    ['/usr/share/doc/python3.11/html/library/re.html', 'python3.11-doc', 'the reader tests on real web pages'],
  ];
  const present = ([what]) => (what.startsWith('/') ? fs.existsSync(what) : has(what));
  const missing = wanted.filter((entry) => !present(entry));
  if (missing.length === 0) return;
  const packages = missing.map(([, pkg]) => pkg);
  const canApt = has('apt-get') && typeof process.getuid === 'function' && process.getuid() === 0;
  if (canApt) {
    console.log(`Installing ${packages.join(', ')} with apt-get (needed for the tests)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  }
  const still = wanted.filter((entry) => !present(entry));
  for (const [command, pkg, why] of still) {
    console.log(`Missing ${command} (for ${why}): install the ${pkg} package (e.g. sudo apt-get install ${pkg}).`);
  }
}

function readCounts(file, pick) {
  try {
    return pick(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-test-'));
let failures = 0;
let passed = 0;
let failed = 0;

ensureSystemPackages();

// Tests run the `pith` command as users do: from built JavaScript.
failures += run('build the command line', process.execPath, ['scripts/build.js', '--cli']) === 0 ? 0 : 1;

if (only('typecheck')) {
  failures += run('type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) === 0 ? 0 : 1;
  if (fs.existsSync('renderer/tsconfig.json')) {
    failures += run('type check (renderer)', 'npx', ['svelte-check', '--tsconfig', 'renderer/tsconfig.json', '--fail-on-warnings=false']) === 0 ? 0 : 1;
  }
}

if (only('unit')) {
  const out = path.join(reports, 'vitest.json');
  const status = run('unit tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  const counts = readCounts(out, (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests + (r.numFailedTestSuites ?? 0) }));
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  if (status !== 0) failures++;
}

if (only('e2e') && fs.existsSync('playwright.config.ts')) {
  const out = path.join(reports, 'playwright.json');
  const build = run('build the app', 'npx', ['vite', 'build', '--logLevel', 'warn']);
  if (build !== 0) failures++;
  const status =
    build === 0
      ? run('end-to-end tests', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out })
      : 1;
  const counts = readCounts(out, (r) => ({ passed: r.stats.expected + (r.stats.flaky ?? 0), failed: r.stats.unexpected }));
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  if (status !== 0) failures++;
}

if (failures > 0 && failed === 0) failed = failures;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failures > 0 ? 1 : 0);
