// Initial sync, measured (issue 15's first figure, not yet a workload of bench/run.ts): an archive
// of N documents and 10×N annotations (synthetic rows, no originals) synced to a local
// pouchdb-server, then into an empty archive; beside it, PouchDB replicating the same number of
// plain documents from a local replica to the same server and back, in the same run.
//   node bin/run-ts.js bench/experiments/sync-initial.ts [--docs 1000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { openDatabase } from '../../db/open.ts';
import { insertDocument } from '../../db/documents.ts';
import { insertAnnotation } from '../../db/annotations.ts';
import { syncArchive } from '../../core/sync/index.ts';
import { startTestServer } from '../../core/sync/test-server.ts';

const docs = Number(process.argv[process.argv.indexOf('--docs') + 1] || 1000) || 1000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-sync-bench-'));
const server = await startTestServer();
try {
  const a = path.join(work, 'A');
  const db = openDatabase(a);
  const at = new Date().toISOString();
  db.transaction(() => {
    for (let i = 0; i < docs; i++) {
      const body = `Document ${i}. ` + 'The mission in Kosovo continues and the dialogue goes on. '.repeat(40);
      const id = insertDocument(db, {
        uuid: randomUUID(), title: `Document ${i}`, authors: '[]', published: null, source_path: null, source_url: null, kind: 'txt',
        mime: 'text/plain', sha256: (i.toString(16).padStart(8, '0') + '0'.repeat(56)), size: body.length, pages: null, page_starts: null,
        body, note: null, imported_at: at, created_at: at, updated_at: at,
      });
      for (let k = 0; k < 10; k++) {
        insertAnnotation(db, {
          uuid: randomUUID(), document_id: id, parent_id: null, kind: 'highlight', suggested: 0, dismissed: 0, color: 'yellow',
          exact: 'mission in Kosovo', prefix: 'The ', suffix: ' continues', start: 20 + k, end: 37 + k, page: null, quads: null,
          text: null, comment: `comment ${k}`, anchor: 'exact', created_at: at, updated_at: at,
        });
      }
    }
  })();
  db.close();

  const time = async (run: () => Promise<unknown>) => {
    const t = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - t) / 1e9;
  };
  let last = process.hrtime.bigint();
  const onProgress = process.env.PHASES ? (m: string) => { const t = process.hrtime.bigint(); console.log(`  +${(Number(t - last) / 1e9).toFixed(2)} s, now: ${m}`); last = t; } : undefined;
  const up = await time(() => syncArchive(a, { url: `${server.url}/pith`, onProgress }));
  const down = await time(() => syncArchive(path.join(work, "B"), { url: `${server.url}/pith`, onProgress }));

  const Pouch = createRequire(import.meta.url)('pouchdb-node');
  const source = new Pouch(path.join(work, 'plain-src'));
  const n = docs * 11;
  for (let i = 0; i < n; i += 500) {
    await source.bulkDocs(Array.from({ length: Math.min(500, n - i) }, (_, j) => ({ _id: `d${i + j}`, title: `Document ${i + j}`, comment: 'comment', color: 'yellow' })));
  }
  const plainUp = await time(() => source.replicate.to(`${server.url}/plain`, { batch_size: 50, batches_limit: 1 }));
  const target = new Pouch(path.join(work, 'plain-dst'));
  const plainDown = await time(() => target.replicate.from(`${server.url}/plain`, { batch_size: 50, batches_limit: 1 }));
  await source.close();
  await target.close();
  const f = (s: number) => `${s.toFixed(1)} s`;
  console.log(`${docs} documents + ${docs * 10} annotations (+ ${docs} texts): up ${f(up)}, down ${f(down)}`);
  console.log(`PouchDB, ${n} plain documents, same batches: up ${f(plainUp)}, down ${f(plainDown)}`);
  console.log(`ratio: up ${(up / plainUp).toFixed(2)}×, down ${(down / plainDown).toFixed(2)}×`);
} finally {
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(server.dir, { recursive: true, force: true });
}
