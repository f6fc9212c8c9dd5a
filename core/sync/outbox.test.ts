// The outbox of local changes: empty while sync is unconfigured (an archive that never syncs keeps
// nothing for it), then filled by the schema's triggers in the same transaction as each write.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pith } from '../pith.ts';
import { enableSync, pendingKeys } from '../../db/sync.ts';

describe('the sync outbox', () => {
  it('stays empty without sync, then queues every record once sync is enabled, and each later write', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-outbox-'));
    const file = path.join(dir, 'note.md');
    fs.writeFileSync(file, '# Notes\n\nA security vacuum must not emerge.\n');
    const api = Pith.open(path.join(dir, 'archive'));
    try {
      await api.importPaths({ paths: [file] });
      const doc = (await api.listDocuments()).documents[0]!;
      const h = await api.addAnnotation({ documentId: doc.id, quote: 'security vacuum', tags: ['quote'] });
      const count = () => (api.db.prepare('SELECT count(*) AS n FROM sync_changes').get() as { n: number }).n;
      expect(count()).toBe(0);

      enableSync(api.db);
      const sha = (api.db.prepare('SELECT sha256 FROM documents').get() as { sha256: string }).sha256;
      expect(pendingKeys(api.db, 100).map((k) => k.key)).toEqual(['tag:quote', `doc:${sha}`, `ann:${h.id}`]);
      api.db.exec('DELETE FROM sync_changes');

      await api.updateAnnotation({ id: h.id, comment: 'key phrase', addTags: ['Balkans'] });
      await api.tagDocument({ id: doc.id, add: ['kosovo'] });
      await api.deleteAnnotation({ id: h.id });
      expect(new Set(pendingKeys(api.db, 100).map((k) => k.key))).toEqual(new Set([`ann:${h.id}`, 'tag:balkans', 'tag:kosovo', `doc:${sha}`]));
    } finally {
      await api.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
