// Calls `pith serve`'s API straight from the test, for setting the scene quickly.
import fs from 'node:fs';
import path from 'node:path';
import type { Served } from './fixtures.ts';

export async function callApi<T = unknown>(served: Served, method: string, body: unknown = {}): Promise<T> {
  const token = new URL(served.url).hash.replace(/^#token=/, '');
  const response = await fetch(`${served.origin}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body, (_k, v: unknown) => (v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString('base64') } : v)),
  });
  const reply = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
  return reply.value;
}

export async function importFile(served: Served, file: string): Promise<string> {
  const report = await callApi<{ results: { documentId?: string; status: string; reason?: string }[] }>(served, 'importFiles', {
    files: [{ name: path.basename(file), bytes: new Uint8Array(fs.readFileSync(file)) }],
  });
  const id = report.results[0]?.documentId;
  if (!id) throw new Error(`import of ${file} failed: ${report.results[0]?.reason}`);
  return id;
}
