// Import batches and the outcome of each file in them.
import { randomUUID } from 'node:crypto';
import { prepared, type Db } from './open.ts';

export function startBatch(db: Db): number {
  const at = new Date().toISOString();
  return Number(db.prepare('INSERT INTO import_batches (uuid, started_at) VALUES (?, ?)').run(randomUUID(), at).lastInsertRowid);
}

export function finishBatch(db: Db, batchId: number): void {
  db.prepare('UPDATE import_batches SET finished_at = ? WHERE id = ?').run(new Date().toISOString(), batchId);
}

export function recordOutcome(
  db: Db,
  batchId: number,
  outcome: { path: string; status: string; reason?: string },
  documentId: number | null,
): void {
  prepared(db, 'INSERT INTO import_outcomes (batch_id, path, status, document_id, reason, at) VALUES (?, ?, ?, ?, ?, ?)').run(
    batchId,
    outcome.path,
    outcome.status,
    documentId,
    outcome.reason ?? null,
    new Date().toISOString(),
  );
}
