// Live sync: an edit made in one archive reaches another that is live-syncing, without a
// command run on the receiving side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pith } from '../pith.ts';
import { syncArchive, syncLive, type SyncResult } from './index.ts';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
let work: string;

beforeAll(async () => {
  server = await startTestServer();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-live-'));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(server?.dir ?? '', { recursive: true, force: true });
});

describe('live sync', () => {
  it('brings an edit made elsewhere into a live-syncing archive, and stops when told', async () => {
    const url = `${server.url}/live`;
    const a = path.join(work, 'A');
    const b = path.join(work, 'B');
    const file = path.join(work, 'memo.md');
    fs.writeFileSync(file, '# Memo\n\nThe mission in Kosovo continues.\n');
    const apiA = Pith.open(a);
    await apiA.importPaths({ paths: [file] });
    const doc = (await apiA.listDocuments()).documents[0]!;
    await syncArchive(a, { url });

    const controller = new AbortController();
    const rounds: SyncResult[] = [];
    const live = syncLive(b, { url, signal: controller.signal, interval: 200, onRound: (r) => rounds.push(r) });
    try {
      const h = await apiA.addAnnotation({ documentId: doc.id, quote: 'mission in Kosovo', comment: 'sent live' });
      await syncArchive(a, { url });
      const seen = async () => {
        const apiB = Pith.open(b, { upgrade: false });
        try {
          return (await apiB.listAnnotations({})).annotations.find((x) => x.id === h.id)?.comment;
        } finally {
          await apiB.close();
        }
      };
      let comment: string | null | undefined;
      for (let i = 0; i < 100 && comment !== 'sent live'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        comment = await seen();
      }
      expect(comment).toBe('sent live');
      expect(rounds.some((r) => r.pulled > 0)).toBe(true);
      expect(rounds.flatMap((r) => r.errors)).toEqual([]);
    } finally {
      controller.abort();
      await live;
      await apiA.close();
    }
  }, 60_000);
});
