// Summarizes V8 CPU profiles (node --cpu-prof): per profile (one per thread), the functions with the
// most self time, and the inclusive time of functions whose name or file matches a filter.
//   node bin/run-ts.js bench/profile.ts DIR_OR_FILES... [--top N] [--match REGEX]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionTime {
  name: string;
  selfMs: number;
  totalMs: number;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.startsWith('data:')
    ? '(module from a data: URL)'
    : url
      ? url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules\/|work\/main\/)/, '$1')
      : '';
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

/** Self and inclusive milliseconds per function (by name and place) of one profile. */
export function summarize(profile: Profile): { wallMs: number; sampledMs: number; functions: FunctionTime[] } {
  const byId = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfById = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfById.set(id, (selfById.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampledMs = 0;
  for (const [id, ms] of selfById) {
    const node = byId.get(id)!;
    const name = label(node);
    if (node.callFrame.functionName !== '(idle)' && node.callFrame.functionName !== '(program)') sampledMs += ms;
    self.set(name, (self.get(name) ?? 0) + ms);
    // Inclusive: once per distinct function on the stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + ms);
    }
  }
  const functions = [...self.keys(), ...[...total.keys()].filter((k) => !self.has(k))].map((name) => ({
    name,
    selfMs: self.get(name) ?? 0,
    totalMs: total.get(name) ?? 0,
  }));
  return { wallMs: (profile.endTime - profile.startTime) / 1000, sampledMs, functions };
}

export function profileFiles(inputs: string[]): string[] {
  return inputs.flatMap((p) =>
    fs.statSync(p).isDirectory()
      ? fs.readdirSync(p).filter((f) => f.endsWith('.cpuprofile')).sort().map((f) => path.join(p, f))
      : [p],
  );
}

/** A short text report of the profiles: per thread, the top functions by self time. */
export function report(files: string[], top = 15, match?: RegExp): string {
  const lines: string[] = [];
  for (const file of files) {
    const s = summarize(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile);
    if (s.sampledMs < 50) continue;
    lines.push(`${path.basename(file)}: ${s.wallMs.toFixed(0)} ms profiled, ${s.sampledMs.toFixed(0)} ms busy`);
    for (const f of [...s.functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, top))
      lines.push(`  self ${f.selfMs.toFixed(0).padStart(7)} ms  total ${f.totalMs.toFixed(0).padStart(7)} ms  ${f.name}`);
    if (match) {
      lines.push(`  matching ${match}:`);
      for (const f of s.functions.filter((f) => match.test(f.name)).sort((a, b) => b.totalMs - a.totalMs).slice(0, top))
        lines.push(`  self ${f.selfMs.toFixed(0).padStart(7)} ms  total ${f.totalMs.toFixed(0).padStart(7)} ms  ${f.name}`);
    }
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv[topAt + 1]) : 15;
  const matchAt = argv.indexOf('--match');
  const match = matchAt >= 0 ? new RegExp(argv[matchAt + 1]!) : undefined;
  const inputs = argv.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1) && (matchAt < 0 || i !== matchAt + 1));
  console.log(report(profileFiles(inputs), top, match));
}
