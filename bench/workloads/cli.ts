// Workload 8: the command line's cold start, as a user pays it on every `pith` command. Bare Node
// (`node -e ""`) is the peer, timed in the same run; then `pith --help` and `pith search` over the
// corpus archive (workload 1's, 100,000 documents at full size) end to end: process start, the
// built bundle loading, the archive opening, the query with snippets, the answer printed.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureArchive, type BenchContext } from '../lib/context.ts';
import type { BenchQuery } from '../queries.ts';
import { section, type Section } from '../lib/report.ts';
import { fmt, fmtSpread, log, percentiles, spread, timeCommand } from '../lib/util.ts';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const PITH = path.join(REPO, 'bin', 'pith.js');

export async function cliWorkload(ctx: BenchContext): Promise<Section> {
  const s = section('cli', '8. Command line start');
  // The build is not what is measured: make sure dist/cli is current first.
  const build = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'build.js'), '--cli'], { cwd: REPO, stdio: 'ignore' });
  if (build.status !== 0) return { ...s, skipped: 'the command line could not be built (node scripts/build.js --cli)' };
  const archive = await ensureArchive(ctx);
  const reps = Math.max(10, ctx.reps);

  log(`cli: bare node, pith --help, pith --version (${reps} runs each, interleaved)`);
  const runs: Record<'node' | 'help' | 'version', { wallMs: number; cpuMs: number; maxRssMb: number }[]> = { node: [], help: [], version: [] };
  for (let i = 0; i < reps; i++) {
    runs.node.push(timeCommand(process.execPath, ['-e', '']));
    runs.help.push(timeCommand(process.execPath, [PITH, '--help']));
    runs.version.push(timeCommand(process.execPath, [PITH, '--version']));
  }
  const queries = (JSON.parse(fs.readFileSync(ctx.queriesFile, 'utf8')) as BenchQuery[]).filter((_, i) => i % 10 === 0).slice(0, 30);
  log(`cli: pith search, ${queries.length} queries of workload 3, each a new process`);
  const search = queries.map((q) => timeCommand(process.execPath, [PITH, '--archive', archive, 'search', '--limit', '20', '--', q.q]));
  const failed = search.filter((r) => r.status !== 0).length;

  const row = (label: string, rs: { wallMs: number; cpuMs: number; maxRssMb: number }[]): string[] => [
    label,
    String(rs.length),
    fmtSpread(spread(rs.map((r) => r.wallMs)), 0),
    fmtSpread(spread(rs.map((r) => r.cpuMs)), 0),
    fmtSpread(spread(rs.map((r) => r.maxRssMb)), 0),
  ];
  s.tables.push({
    caption: `Cold starts, wall and CPU in ms (median, min–max). Search over ${archive} (${ctx.docs.toLocaleString('en-US')} documents), top 20 with snippets.`,
    header: ['Command', 'Runs', 'Wall (ms)', 'CPU (ms)', 'Peak RSS (MB)'],
    rows: [row('node -e ""', runs.node), row('pith --help', runs.help), row('pith --version', runs.version), row('pith search QUERY', search)],
  });
  const nodeMs = spread(runs.node.map((r) => r.wallMs)).median;
  const helpMs = spread(runs.help.map((r) => r.wallMs)).median;
  const ratio = helpMs / nodeMs;
  s.goals.push({
    goal: '`pith --help` within 3× of bare Node',
    status: ratio <= 3 ? 'holds' : 'misses',
    detail: `${fmt(helpMs, 0)} ms vs ${fmt(nodeMs, 0)} ms: ${fmt(ratio, 2)}×`,
  });
  const p = percentiles(search.map((r) => r.wallMs));
  s.goals.push({
    goal: `\`pith search\` answers in under 300 ms end to end, p95 (${ctx.docs.toLocaleString('en-US')} documents)`,
    status: failed ? 'misses' : p.p95 < 300 ? 'holds' : 'misses',
    detail: `median ${fmt(p.p50, 0)} ms, p95 ${fmt(p.p95, 0)} ms, max ${fmt(p.max, 0)} ms over ${search.length} queries${failed ? `; ${failed} failed` : ''}`,
  });
  return s;
}
