// The benchmark suite of issue 6 (see bench/README.md).
//
//   npm run bench                      full size: 100,000 documents (about an hour or more)
//   npm run bench -- --quick           5,000 documents, a few minutes
//   npm run bench -- --only import,search [--quick] [--profile] [--docs N] [--reps N]
//
// Workloads: import, pdf, search, reanchor, export, ui, reader, cli. Writes bench/RESULTS.md (the block of this
// mode: quick or full; the other mode's block is kept) and prints the tables.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SEED, ensureCorpus, corpusName } from './corpus.ts';
import type { BenchContext } from './lib/context.ts';
import { buildQueries } from './queries.ts';
import { codeVersion, machine, renderMarkdown, renderText, section, type Section } from './lib/report.ts';
import { BENCH_DIR, CORPUS_ROOT, fmtBytes, log, WORK_DIR } from './lib/util.ts';
import { importWorkload } from './workloads/import.ts';
import { pdfWorkload } from './workloads/pdf.ts';
import { searchWorkload } from './workloads/search.ts';
import { exportWorkload, reanchorWorkload } from './workloads/annotations.ts';
import { readerWorkload, uiWorkload } from './workloads/ui.ts';
import { cliWorkload } from './workloads/cli.ts';

const WORKLOADS = {
  import: importWorkload,
  pdf: pdfWorkload,
  search: searchWorkload,
  reanchor: reanchorWorkload,
  export: exportWorkload,
  ui: uiWorkload,
  reader: readerWorkload,
  cli: cliWorkload,
} as const;
type WorkloadName = keyof typeof WORKLOADS;
const TITLES: Record<WorkloadName, string> = {
  import: '1. Text import',
  pdf: '2. PDF import',
  search: '3. Search',
  reanchor: '4. Re-anchoring',
  export: '5. Export',
  ui: '6. UI (Chromium over pith serve)',
  reader: '7. PDF reader (Chromium over pith serve)',
  cli: '8. Command line start',
};

function usage(message?: string): never {
  if (message) process.stderr.write(`bench: ${message}\n`);
  process.stderr.write(
    'Usage: npm run bench -- [--quick] [--only import,pdf,search,reanchor,export,ui,reader,cli] [--profile] [--docs N] [--reps N] [--seed S] [--no-write]\n',
  );
  process.exit(message ? 2 : 0);
}

function parse(argv: string[]) {
  const opts = { quick: false, only: null as WorkloadName[] | null, profile: false, docs: 0, reps: 0, seed: DEFAULT_SEED, write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') opts.quick = true;
    else if (a === '--profile') opts.profile = true;
    else if (a === '--no-write') opts.write = false;
    else if (a === '--only') {
      const names = value().split(',').map((s) => s.trim()).filter(Boolean);
      for (const n of names) if (!(n in WORKLOADS)) usage(`unknown workload "${n}" (known: ${Object.keys(WORKLOADS).join(', ')})`);
      opts.only = names as WorkloadName[];
    } else if (a === '--docs') opts.docs = Number(value());
    else if (a === '--reps') opts.reps = Number(value());
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown option ${a}`);
  }
  return opts;
}

/** Replaces this mode's block in RESULTS.md, keeping the other mode's. */
function writeResults(mode: 'quick' | 'full', markdown: string): string {
  const file = path.join(BENCH_DIR, 'RESULTS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const block = (m: string, body: string) => `<!-- BEGIN ${m} -->\n${body.trim()}\n<!-- END ${m} -->`;
  const extract = (m: string) => new RegExp(`<!-- BEGIN ${m} -->\\n([\\s\\S]*?)\\n<!-- END ${m} -->`).exec(old)?.[1];
  const blocks: Record<string, string | undefined> = { full: extract('full'), quick: extract('quick') };
  blocks[mode] = markdown;
  const parts = ['full', 'quick'].filter((m) => blocks[m]).map((m) => block(m, blocks[m]!));
  fs.writeFileSync(file, `${parts.join('\n\n---\n\n')}\n`);
  return file;
}

async function main(): Promise<void> {
  const opts = parse(process.argv.slice(2));
  const started = performance.now();
  const docs = opts.docs || (opts.quick ? 5_000 : 100_000);
  const mode: 'quick' | 'full' = opts.quick ? 'quick' : 'full';
  const m = await machine();
  const names = opts.only ?? (Object.keys(WORKLOADS) as WorkloadName[]);

  // Room for the corpus (≈ 5.2 KB per document), an archive (≈ 3× the text), the floor's table and
  // the search copies.
  const haveCorpus = fs.existsSync(path.join(CORPUS_ROOT, `${corpusName(docs, opts.seed)}.manifest.json`));
  const needBytes = docs * 5200 * (haveCorpus ? 5 : 6);
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const free = fs.statfsSync(WORK_DIR);
  const freeBytes = free.bavail * free.bsize;
  if (freeBytes < needBytes) usage(`not enough free disk space under ${WORK_DIR}: ${fmtBytes(freeBytes)} free, about ${fmtBytes(needBytes)} needed`);

  log(`${mode} run: ${docs.toLocaleString('en-US')} documents; workloads ${names.join(', ')}; load average ${m.loadStart}`);
  const corpus = ensureCorpus(docs, opts.seed);
  const manifestFile = path.join(CORPUS_ROOT, `${corpus.name}.manifest.json`);
  const ctx: BenchContext = {
    quick: opts.quick,
    docs,
    seed: opts.seed,
    corpus,
    manifestFile,
    workDir: path.join(WORK_DIR, `${docs}`),
    reps: opts.reps || 3,
    // Repeat an engine while its runs so far took less than this (in-memory engines at full size
    // take minutes each).
    repBudgetMs: opts.quick ? 25_000 : 15 * 60_000,
    profile: opts.profile,
    profileDir: path.join(WORK_DIR, 'profiles', `${docs}`),
    queriesFile: path.join(WORK_DIR, `${docs}`, 'queries.json'),
    searchPlanned: names.includes('search'),
    state: { jsSearch: {} },
  };
  fs.mkdirSync(ctx.workDir, { recursive: true });
  fs.writeFileSync(ctx.queriesFile, JSON.stringify(buildQueries(corpus), null, 1));

  const sections: Section[] = [];
  for (const name of names) {
    const t0 = performance.now();
    const code = codeVersion();
    log(`== ${TITLES[name]} [code: ${code}]`);
    try {
      sections.push({ ...(await WORKLOADS[name](ctx)), code, measuredAt: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC' });
    } catch (error) {
      const s = section(name, TITLES[name]);
      s.skipped = `failed: ${(error as Error).message.split('\n').slice(0, 4).join(' ')}`;
      s.code = code;
      log(`${name} failed: ${(error as Error).stack}`);
      sections.push(s);
    }
    log(`${name} took ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }

  const elapsedS = (performance.now() - started) / 1000;
  const loadEnd = os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  const corpusLine = `${corpus.docs.length.toLocaleString('en-US')} generated documents (seed ${corpus.seed}), ${fmtBytes(corpus.totalBytes)} of text, mean ${fmtBytes(corpus.totalBytes / corpus.docs.length)}; vocabulary: ${corpus.vocabularySource}`;
  // A run of some workloads (--only) keeps the other workloads' latest sections of this size, so
  // that RESULTS.md stays whole; each section says when and on which code it was measured.
  const store = path.join(WORK_DIR, `sections-${docs}.json`);
  let all = sections;
  if (opts.only && fs.existsSync(store)) {
    const old = JSON.parse(fs.readFileSync(store, 'utf8')) as Section[];
    const order = Object.keys(WORKLOADS);
    all = [...old.filter((o) => !sections.some((n) => n.id === o.id)), ...sections].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  }
  // --no-write leaves both RESULTS.md and the kept sections as they were.
  if (opts.write) fs.writeFileSync(store, JSON.stringify(all));
  const partial = all.length !== sections.length;
  const modeLine = `${mode === 'quick' ? 'quick' : 'full size'}, ${docs.toLocaleString('en-US')} documents${opts.only ? `; this run: ${names.join(', ')}${partial ? ' (the other sections are from earlier runs)' : ''}` : ''}`;
  const markdown = renderMarkdown(m, modeLine, corpusLine, all, loadEnd, elapsedS);
  process.stdout.write(`${renderText(sections)}\n\n`);
  if (opts.write) {
    const file = writeResults(mode, markdown);
    process.stdout.write(`Results written to ${path.relative(process.cwd(), file)} (${mode} block); the run took ${(elapsedS / 60).toFixed(1)} min.\n`);
  }
}

await main();
