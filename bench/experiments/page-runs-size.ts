// How many bytes a PDF page's text runs take in the archive (migration 6, db/page-runs.ts): a PDF
// imported into a fresh archive, then each page's stored BLOB against the same runs as JSON (what
// was stored before), with and without their glyph edges. Not part of the suite; the figures
// back the storage format's comment in db/migrations.ts.
//   node bin/run-ts.js bench/experiments/page-runs-size.ts [FILE.pdf]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { Pith } from '../../core/pith.ts';
import { decodeRuns } from '../../db/page-runs.ts';

const file = process.argv[2] ?? '/usr/share/R/doc/manual/R-exts.pdf';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-runs-size-'));
try {
  const pith = Pith.open(dir, { upgrade: false });
  const report = await pith.importPaths({ paths: [file] });
  if (report.imported !== 1) throw new Error(`${file} was not imported: ${report.results[0]?.reason ?? report.results[0]?.status}`);
  const rows = pith.db.prepare('SELECT runs FROM pdf_pages').all() as { runs: Uint8Array }[];
  const total = { blob: 0, json: 0, jsonDeflated: 0, json6: 0, runs: 0, chars: 0, edges: 0 };
  let decodeMs = 0;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (const r of rows) decodeRuns(r.runs);
    decodeMs = performance.now() - t0; // the last round: warm, as in a long-running app
  }
  for (const r of rows) {
    const runs = decodeRuns(r.runs);
    const json = JSON.stringify(runs);
    total.blob += r.runs.length;
    total.json += json.length;
    total.jsonDeflated += deflateRawSync(json).length;
    total.json6 += JSON.stringify(runs.map((x) => x.slice(0, 6))).length;
    for (const x of runs) {
      total.runs += 1;
      total.chars += x[1]! - x[0]!;
      total.edges += Math.max(0, x.length - 6);
    }
  }
  const per = (v: number): number => Math.round(v / rows.length);
  console.log(`${path.basename(file)}: ${rows.length} pages; per page ${per(total.runs)} runs, ${per(total.chars)} characters, ${per(total.edges)} glyph edges`);
  console.log(`  bytes per page: BLOB ${per(total.blob)}; as JSON ${per(total.json)} (deflated ${per(total.jsonDeflated)}); JSON without edges ${per(total.json6)}`);
  console.log(`  decoding every page: ${decodeMs.toFixed(1)} ms (${((decodeMs / rows.length) * 1000).toFixed(0)} µs a page)`);
  await pith.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
