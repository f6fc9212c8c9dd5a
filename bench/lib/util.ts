// Small helpers shared by the benchmark suite: a seeded PRNG, statistics, formatting, sizes on
// disk, and running one engine in its own child process (so that its peak RSS is its own).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO_DIR = path.dirname(BENCH_DIR);
export const WORK_DIR = path.join(BENCH_DIR, '.work', 'suite');
export const CORPUS_ROOT = path.join(BENCH_DIR, 'corpus');
export const RUN_TS = path.join(REPO_DIR, 'bin', 'run-ts.js');

/** mulberry32: a tiny, fast, seeded PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for stream `n` of a run seeded `seed` (independent streams, e.g. one per document). */
export function subSeed(seed: number, n: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

export function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

export function shuffle<T>(rand: () => number, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** The q-quantile (0..1) of sorted numbers, nearest-rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  const s = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return { min: NaN, median: NaN, max: NaN, n: 0 };
  const mid = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { min: s[0]!, median: mid, max: s[s.length - 1]!, n: s.length };
}

export function percentiles(values: readonly number[]): { p50: number; p95: number; p99: number; max: number; n: number } {
  const s = [...values].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99), max: s[s.length - 1] ?? NaN, n: s.length };
}

// ---------------------------------------------------------------------------------------------
// Formatting

export function fmt(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const d = digits ?? (abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export function fmtSpread(s: Spread, digits?: number): string {
  if (s.n === 0) return '—';
  if (s.n === 1 || s.min === s.max) return fmt(s.median, digits);
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}

export function fmtBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  if (bytes >= 1e9) return `${fmt(bytes / 1e9, 2)} GB`;
  if (bytes >= 1e6) return `${fmt(bytes / 1e6, 1)} MB`;
  if (bytes >= 1e3) return `${fmt(bytes / 1e3, 1)} KB`;
  return `${bytes} B`;
}

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Files

/** Total bytes of the files under a path (a file or a folder, recursively). */
export function sizeOnDisk(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (st.isFile()) return st.size;
  if (!st.isDirectory()) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    const child = path.join(p, entry.name);
    if (entry.isDirectory()) total += sizeOnDisk(child);
    else if (entry.isFile()) total += fs.statSync(child).size;
  }
  return total;
}

export function rmrf(p: string): void {
  fs.rmSync(p, { recursive: true, force: true });
}

export function freshDir(p: string): string {
  rmrf(p);
  fs.mkdirSync(p, { recursive: true });
  return p;
}

export function hasCommand(command: string): boolean {
  const dirs = (process.env.PATH ?? '').split(path.delimiter);
  return dirs.some((d) => {
    try {
      fs.accessSync(path.join(d, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Child processes

/** The line an engine script prints last: its result as JSON. */
export const RESULT_MARK = '@@BENCH_RESULT ';

export interface ChildRun<T> {
  result: T;
  /** Peak resident set of the child (all its threads), MB, as the child measured it. */
  maxRssMb: number;
  /** CPU time of the child (user + system, all its threads), ms. */
  cpuMs: number;
  wallMs: number;
}

export interface ChildOptions {
  /** Extra arguments for node itself (e.g. --cpu-prof, --max-old-space-size). */
  nodeArgs?: string[];
  timeoutMs?: number;
  /** Echo the child's stderr (progress) to ours. */
  echo?: boolean;
}

/** Runs `bench/engines/NAME.ts ARGS` in a fresh Node process through tsx; resolves its result. */
export function runEngine<T>(name: string, args: string[], options: ChildOptions = {}): Promise<ChildRun<T>> {
  const script = path.join(BENCH_DIR, 'engines', `${name}.ts`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), RUN_TS, script, ...args], {
      cwd: REPO_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (err.length > 200_000) err = err.slice(-100_000);
      if (options.echo) process.stderr.write(d);
    });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || !line) {
        reject(new Error(`engine ${name} ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${err.trim().split('\n').slice(-15).join('\n')}`));
        return;
      }
      const parsed = JSON.parse(line.slice(RESULT_MARK.length)) as { maxRssMb: number; cpuMs: number; result: T };
      resolve({ result: parsed.result, maxRssMb: parsed.maxRssMb, cpuMs: parsed.cpuMs, wallMs: performance.now() - started });
    });
  });
}

/** In an engine script: prints the result line, with this process's peak RSS and CPU time. */
export function reportResult(result: unknown): void {
  const usage = process.resourceUsage();
  const maxRssMb = usage.maxRSS / 1024;
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stdout.write(`${RESULT_MARK}${JSON.stringify({ maxRssMb, cpuMs, result })}\n`);
}

/** CPU time (user + system) of this process so far, ms: taken before and after a timed part. */
export function cpuNow(): number {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1000;
}

/**
 * Runs a command, timed: wall ms, and through GNU time (when /usr/bin/time exists) its CPU time and
 * peak RSS.
 */
export function timeCommand(command: string, args: string[], options: { cwd?: string } = {}): { wallMs: number; cpuMs: number; maxRssMb: number; status: number; stdout: string } {
  const useTime = fs.existsSync('/usr/bin/time');
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pith-bench-')), 'time.txt');
  const started = performance.now();
  const result = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', report, command, ...args], { cwd: options.cwd, maxBuffer: 1 << 30 })
    : spawnSync(command, args, { cwd: options.cwd, maxBuffer: 1 << 30 });
  const wallMs = performance.now() - started;
  let cpuMs = NaN;
  let maxRssMb = NaN;
  if (useTime) {
    const fields = fs.readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    cpuMs = ((fields[0] ?? NaN) + (fields[1] ?? NaN)) * 1000;
    maxRssMb = (fields[2] ?? NaN) / 1024;
  }
  fs.rmSync(path.dirname(report), { recursive: true, force: true });
  return { wallMs, cpuMs, maxRssMb, status: result.status ?? 1, stdout: result.stdout?.toString() ?? '' };
}

export function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
