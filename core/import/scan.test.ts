// The import scan: symbolic-link cycles are skipped (not walked 2^depth times until ELOOP), the
// scan lets the event loop run and stops when cancelled, and fs errors read as sentences.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeFsError } from '../../db/fs-errors.ts';
import { Pith } from '../pith.ts';
import { scanPaths, type ScanEntry } from './scan.ts';

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-scan-'));
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

const rel = (entries: ScanEntry[]) =>
  entries.map((e) => [path.relative(work, e.path), 'size' in e ? 'file' : 'skipped' in e ? `skipped: ${e.skipped}` : `error: ${e.error}`]);

/** The tree from the report: d/a.txt, d/l1 -> ., d/l2 -> ., d/sub/b.txt, d/sub/up -> .. */
function cycles(): string {
  const d = path.join(work, 'd');
  fs.mkdirSync(path.join(d, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(d, 'a.txt'), 'hi');
  fs.writeFileSync(path.join(d, 'sub', 'b.txt'), 'there');
  fs.symlinkSync('.', path.join(d, 'l1'));
  fs.symlinkSync('.', path.join(d, 'l2'));
  fs.symlinkSync('..', path.join(d, 'sub', 'up'));
  return d;
}

describe('scanPaths', () => {
  it('skips symbolic-link cycles with one line each, and reads every file once', async () => {
    const entries = await scanPaths([cycles()]);
    expect(rel(entries)).toEqual([
      ['d/a.txt', 'file'],
      ['d/l1', 'skipped: a link back to a folder that contains it (a cycle); skipped'],
      ['d/l2', 'skipped: a link back to a folder that contains it (a cycle); skipped'],
      ['d/sub/b.txt', 'file'],
      ['d/sub/up', 'skipped: a link back to a folder that contains it (a cycle); skipped'],
    ]);
  });

  it('scans a folder reached twice through links once', async () => {
    fs.mkdirSync(path.join(work, 'real'));
    fs.writeFileSync(path.join(work, 'real', 'x.txt'), 'x');
    fs.symlinkSync('real', path.join(work, 'alias'));
    expect(rel(await scanPaths([work]))).toEqual([
      ['alias/x.txt', 'file'],
      ['real', 'skipped: a link to a folder already imported through another path; skipped'],
    ]);
  });

  it('says what a link to itself and a link to nothing are, in words', async () => {
    fs.symlinkSync('self', path.join(work, 'self'));
    fs.symlinkSync('gone', path.join(work, 'dangling'));
    expect(rel(await scanPaths([path.join(work, 'self'), path.join(work, 'dangling'), path.join(work, 'absent')]))).toEqual([
      ['self', 'error: it is a symbolic link that leads back to itself (a loop of links)'],
      ['dangling', 'error: it is a symbolic link to a file or folder that does not exist'],
      ['absent', 'error: no such file or folder'],
    ]);
  });

  it('lets the event loop run while it scans, and stops when cancelled', async () => {
    for (let f = 0; f < 40; f += 1) {
      const folder = path.join(work, `f${String(f).padStart(2, '0')}`);
      fs.mkdirSync(folder);
      for (let i = 0; i < 50; i += 1) fs.writeFileSync(path.join(folder, `n${i}.txt`), '');
    }
    let ticks = 0;
    let scanning = true;
    const tick = () => {
      ticks += 1;
      if (scanning) setImmediate(tick);
    };
    setImmediate(tick);
    const whole = await scanPaths([work]);
    scanning = false;
    expect(whole).toHaveLength(2000);
    // A synchronous scan would let no other callback run until it ended.
    expect(ticks).toBeGreaterThan(10);

    const controller = new AbortController();
    const running = scanPaths([work], controller.signal);
    setImmediate(() => controller.abort());
    const partial = await running;
    expect(partial.length).toBeLessThan(2000);
  });
});

describe('importing a folder with link cycles', () => {
  it('ends, imports each file once and reports each cycle in one line', async () => {
    const d = cycles();
    const pith = Pith.open(path.join(work, 'archive'));
    try {
      const report = await pith.importPaths({ paths: [d] });
      expect(report).toMatchObject({ imported: 2, failed: 0, unsupported: 3, cancelled: false });
      const skipped = report.results.filter((r) => r.status === 'unsupported');
      expect(skipped.map((r) => path.basename(r.path))).toEqual(['l1', 'l2', 'up']);
      for (const r of skipped) expect(r.reason).toMatch(/cycle/);
    } finally {
      await pith.close();
    }
  });

  it('is cancelled while it is still scanning', async () => {
    for (let f = 0; f < 20; f += 1) {
      const folder = path.join(work, 'many', `f${f}`);
      fs.mkdirSync(folder, { recursive: true });
      for (let i = 0; i < 50; i += 1) fs.writeFileSync(path.join(folder, `n${i}.txt`), `file ${f} ${i}`);
    }
    const pith = Pith.open(path.join(work, 'archive'));
    try {
      const controller = new AbortController();
      const running = pith.importPaths({ paths: [path.join(work, 'many')] }, { signal: controller.signal });
      setImmediate(() => controller.abort());
      const report = await running;
      expect(report.cancelled).toBe(true);
      expect(report.imported).toBeLessThan(1000);
    } finally {
      await pith.close();
    }
  });
});

describe('describeFsError', () => {
  const codes = ['ELOOP', 'EACCES', 'EPERM', 'ENOENT', 'ENAMETOOLONG', 'EMFILE', 'ENFILE', 'ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'ENOTDIR', 'EISDIR', 'EBUSY', 'EXDEV', 'ESTALE'];
  for (const code of codes) {
    it(`gives ${code} a sentence without the code or the system call`, () => {
      const error = Object.assign(new Error(`${code}: something terse, stat '/x/y'`), { code });
      const sentence = describeFsError(error);
      expect(sentence).not.toContain(code);
      expect(sentence).not.toContain('stat');
      expect(sentence).toMatch(/^[a-z].{8,}[^.]$/);
    });
  }

  it('says what Node means by a file too large to read whole', () => {
    const error = Object.assign(new RangeError('File size (2414272512) is greater than 2 GiB'), { code: 'ERR_FS_FILE_TOO_LARGE' });
    expect(describeFsError(error)).toBe('the file is larger than 2 GiB, more than can be read at once');
  });

  it('names an unknown code rather than repeating a raw message', () => {
    expect(describeFsError(Object.assign(new Error('EWEIRD: odd, open /x'), { code: 'EWEIRD' }))).toBe('the file system reported an error (EWEIRD)');
  });

  it('describes real errors from the file system', () => {
    const long = path.join(os.tmpdir(), 'x'.repeat(300));
    expect(() => fs.statSync(long)).toThrow();
    try {
      fs.statSync(long);
    } catch (error) {
      expect(describeFsError(error)).toBe('the path or file name is too long');
    }
  });
});
