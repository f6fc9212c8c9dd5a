// Restore of a zip bomb: a backup file of about a megabyte whose pith.db entry inflates to
// 1,000,000,000 bytes (an SQLite header, then zeros). Before, restore buffered the whole entry
// and copied it (peak RSS 3 GB) before refusing it. Now entries are streamed to the staging
// folder, the database header is judged from its first bytes, and an entry inflating past the
// size its manifest declares is cut off. Peak memory is measured in a child process.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { tempDir } from '../export/test-fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
const INFLATED = 1_000_000_000;
/** Generous: the child's baseline (Node, tsx, better-sqlite3) is about 100 MB; the bug took 3,000 MB. */
const RSS_BOUND_MB = 400;
const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});

/** The first page of a real, empty Pith database: a valid SQLite header. */
function firstPage(): Buffer {
  const dir = tempDir('pith-bomb-img-');
  cleanup.push(dir);
  const db = openDatabase(dir);
  db.pragma('journal_mode = DELETE');
  db.close();
  const image = fs.readFileSync(path.join(dir, 'pith.db'));
  return image.subarray(0, image.readUInt16BE(16));
}

/** `head` then zeros up to `total` bytes, deflated as it is made (never whole in memory), with its CRC-32 and SHA-256. */
async function deflatedBomb(head: Buffer, total: number): Promise<{ data: Buffer; crc: number; sha256: string }> {
  const zero = Buffer.alloc(1 << 20);
  let crc = 0;
  const hash = crypto.createHash('sha256');
  function* chunks() {
    let left = total;
    const first = head.subarray(0, Math.min(head.length, left));
    yield first;
    left -= first.length;
    while (left > 0) {
      const c = zero.subarray(0, Math.min(zero.length, left));
      left -= c.length;
      yield c;
    }
  }
  const out: Buffer[] = [];
  const deflate = zlib.createDeflateRaw({ level: 9 });
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  for await (const c of Readable.from(chunks())) {
    crc = zlib.crc32(c as Buffer, crc);
    hash.update(c as Buffer);
    if (!deflate.write(c)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc, sha256: hash.digest('hex') };
}

/** A zip written byte by byte: deflated entries whose declared uncompressed size is ours to choose. */
function rawZip(entries: { name: string; data: Buffer; crc: number; size: number; method: 0 | 8 }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function manifest(size: number, sha256: string): Buffer {
  const m = { format: 'pith-backup', version: 1, created: new Date().toISOString(), schemaVersion: 1, documents: 0, entries: [{ name: 'pith.db', size, sha256 }] };
  return Buffer.from(JSON.stringify(m));
}

/** Restores `zip` in a child process; returns its answer and peak RSS, and checks nothing was written. */
function restoreInChild(zip: Buffer): { code: string; message: string; maxRssMb: number } {
  const work = tempDir('pith-bomb-');
  cleanup.push(work);
  const file = path.join(work, 'bomb.zip');
  fs.writeFileSync(file, zip);
  const result = spawnSync(process.execPath, [path.join(root, 'bin/run-ts.js'), path.join(root, 'core/backup/fixtures/restore-child.ts'), file, path.join(work, 'restored')], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect(result.status, result.stderr).toBe(0);
  expect(fs.readdirSync(work)).toEqual(['bomb.zip']); // no target, no staging folder
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

let bomb: (Awaited<ReturnType<typeof deflatedBomb>> & { headerBytes: number }) | undefined;
async function theBomb() {
  if (!bomb) {
    const page = firstPage();
    // What the header says the database holds: its page count times its page size.
    bomb = { ...(await deflatedBomb(page, INFLATED)), headerBytes: page.readUInt32BE(28) * page.readUInt16BE(16) };
  }
  return bomb;
}

it('refuses a 1 MB backup whose database inflates to 1 GB from its header, with bounded memory', { timeout: 300_000 }, async () => {
  const b = await theBomb();
  expect(b.data.length).toBeLessThan(2 * 1024 * 1024);
  const m = manifest(INFLATED, b.sha256);
  const zip = rawZip([
    { name: 'pith.db', data: b.data, crc: b.crc, size: INFLATED, method: 8 },
    { name: 'manifest.json', data: m, crc: zlib.crc32(m), size: m.length, method: 0 },
  ]);
  const answer = restoreInChild(zip);
  console.log(`bomb, honest sizes: peak RSS ${answer.maxRssMb} MB; ${answer.message}`);
  expect(answer.code).toBe('invalid');
  expect(answer.message).toMatch(/its database is not a whole number of \d+-byte pages|its database header says \d+ pages/);
  expect(answer.message).toContain('Nothing was written');
  expect(answer.maxRssMb).toBeLessThan(RSS_BOUND_MB);
});

it('refuses an entry that inflates past the size its manifest (and its zip header) declare, with bounded memory', { timeout: 300_000 }, async () => {
  const b = await theBomb();
  // The zip, the manifest and the database header all agree on a small size; the deflate stream holds 1 GB.
  const declared = b.headerBytes;
  const m = manifest(declared, b.sha256);
  const zip = rawZip([
    { name: 'pith.db', data: b.data, crc: b.crc, size: declared, method: 8 },
    { name: 'manifest.json', data: m, crc: zlib.crc32(m), size: m.length, method: 0 },
  ]);
  const answer = restoreInChild(zip);
  console.log(`bomb, lying sizes: peak RSS ${answer.maxRssMb} MB; ${answer.message}`);
  expect(answer.code).toBe('invalid');
  expect(answer.message).toMatch(new RegExp(`pith\\.db inflates to more than the ${declared} bytes its manifest declares`));
  expect(answer.maxRssMb).toBeLessThan(RSS_BOUND_MB);
});
