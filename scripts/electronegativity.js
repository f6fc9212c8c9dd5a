#!/usr/bin/env node
// Runs @doyensec/electronegativity over the shipped sources of electron/ (not its *.test.ts files
// or test-support/) and fails on any finding not reviewed below.
// Offline by construction: the tool fetches translations and Electron's release list with `got`;
// here `got` fails at once, so translations come from the package and the release check (which
// needs GitHub) is left out: the Electron version is pinned in package.json and upgraded on purpose.
// Usage: node scripts/electronegativity.js [--json] [--sarif FILE] [--input DIR]
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Checks left out, and why. */
export const EXCLUDED_CHECKS = {
  AvailableSecurityFixesGlobalCheck: 'downloads the list of Electron releases from GitHub; this check runs offline',
};

/**
 * Findings a person has reviewed: each stays visible in the report with its reason. A finding
 * that is not listed fails the run, and so does an entry that no longer matches any finding.
 */
export const REVIEWED = [
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'main.ts',
    why: 'the preload is sandboxed and context-isolated and exposes only window.pith (API methods, onProgress, onMenu, pathForFile), never ipcRenderer or Node (renderer-api.ts, tested)',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main.ts',
    why: 'only http(s) URLs without credentials (externalLinkTarget, tested) reach shell.openExternal, and only after the user says yes in a dialog',
  },
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'security.ts',
    why: "script-src 'self' is flagged because a site may host JSONP or uploads on its own origin; app://pith serves only the built renderer, never a document, upload or JSONP",
  },
];

function blockNetwork() {
  const Module = require('node:module');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request === 'got') {
      const offline = async () => {
        throw new Error('offline: electronegativity runs without the network here');
      };
      return Object.assign(offline, { get: offline, default: offline });
    }
    return load.call(this, request, ...rest);
  };
}

/** The shipped sources of a folder (tests and their stand-ins left out), copied for the scanner. */
function shippedSources(input) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-electronegativity-'));
  for (const entry of fs.readdirSync(input, { withFileTypes: true })) {
    if (!entry.isFile() || /\.test\.[cm]?[jt]s$/.test(entry.name)) continue;
    fs.copyFileSync(path.join(input, entry.name), path.join(copy, entry.name));
  }
  return copy;
}

/** Runs the scan and sorts its findings into reviewed and unreviewed. */
export async function scan({ input = path.join(root, 'electron'), sarif } = {}) {
  blockNetwork();
  const sources = shippedSources(input);
  const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const run = require('@doyensec/electronegativity');
  const log = console.log;
  // The tool announces its failed translation download; nothing to tell anyone here.
  console.log = (...args) => {
    if (!String(args[0]).startsWith('Could not retrieve updated translations')) log(...args);
  };
  let result;
  try {
    result = await run({
      input: sources,
      output: sarif,
      isSarif: Boolean(sarif),
      isRelative: true,
      electronVersionOverride: electronVersion,
      excludeFromScan: Object.keys(EXCLUDED_CHECKS).map((name) => name.toLowerCase()),
      customScan: [],
      parserPlugins: [],
    });
  } finally {
    console.log = log;
    fs.rmSync(sources, { recursive: true, force: true });
  }
  const findings = result.issues.map((issue) => {
    const file = path.basename(String(issue.file));
    const review = REVIEWED.find((entry) => entry.id === issue.id && entry.file === file);
    return {
      id: issue.id,
      file,
      line: issue.location?.line ?? 0,
      severity: issue.severity.name,
      severityValue: issue.severity.value,
      confidence: issue.confidence.name,
      manualReview: Boolean(issue.manualReview),
      sample: String(issue.sample ?? '').trim().slice(0, 120),
      reviewed: review?.why ?? null,
    };
  });
  const stale = REVIEWED.filter((entry) => !findings.some((f) => f.id === entry.id && f.file === entry.file));
  const unreviewed = findings.filter((f) => f.reviewed === null);
  const parseErrors = result.errors.filter((error) => !error.tolerable);
  return {
    input,
    electronVersion,
    checks: { atomic: result.atomicChecks, global: result.globalChecks, excluded: EXCLUDED_CHECKS },
    findings,
    unreviewed,
    stale,
    parseErrors,
    ok: unreviewed.length === 0 && stale.length === 0 && parseErrors.length === 0,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const valueOf = (flag) => (args.includes(flag) ? path.resolve(args[args.indexOf(flag) + 1]) : undefined);
  const report = await scan({ sarif: valueOf('--sarif'), input: valueOf('--input') });
  if (args.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(
      `electronegativity over ${path.relative(root, report.input) || '.'}/ (Electron ${report.electronVersion}, ${report.checks.atomic} atomic and ${report.checks.global} global checks)`,
    );
    for (const [name, why] of Object.entries(EXCLUDED_CHECKS)) console.log(`  left out ${name}: ${why}`);
    for (const f of report.findings) {
      const status = f.reviewed ? `reviewed: ${f.reviewed}` : 'NOT REVIEWED';
      console.log(`  ${f.severity}/${f.confidence} ${f.id} ${f.file}:${f.line} — ${status}`);
    }
    for (const entry of report.stale) console.log(`  stale review entry (no such finding any more): ${entry.id} in ${entry.file}`);
    for (const error of report.parseErrors) console.log(`  could not parse ${error.file}: ${error.message}`);
    console.log(report.ok ? 'No unreviewed findings.' : 'Unreviewed findings: fix them, or review them in scripts/electronegativity.js.');
  }
  process.exit(report.ok ? 0 : 1);
}
