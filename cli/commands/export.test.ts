import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PithError, type ExportReport, type ExportRequest, type PithApi } from '../../core/api.ts';
import { addAnnotation, addDocument, makeArchive, SAMPLE_TEXT, tempDir } from '../../core/export/test-fixtures.ts';
import { reportError, type Io } from '../io.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { exportCommand } from './export.ts';

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (s) => stdout.push(s), err: (s) => stderr.push(s) };
}

/** Runs a command as main() does: errors become one line and an exit code. */
async function exitCode(io: Io, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    return reportError(io, error);
  }
}

function fakeApi(result: Partial<ExportReport> | Error, seen: ExportRequest[] = []): PithApi {
  return {
    exportAnnotations: async (req: ExportRequest) => {
      seen.push(req);
      if (result instanceof Error) throw result;
      return { format: req.format, out: req.out, files: [req.out], documents: 1, annotations: 2, failed: [], cancelled: false, ...result };
    },
    backup: async (req: { file: string }) => ({ file: req.file, bytes: 2048 }),
  } as unknown as PithApi;
}

describe('pith export', () => {
  it('passes the selection through and reports what was written', async () => {
    const io = capture();
    const seen: ExportRequest[] = [];
    const code = await exitCode(io, () =>
      exportCommand(fakeApi({}, seen), ['--format', 'md', '--doc', 'a', '--doc', 'b', '--tag', 'nato', '--annotation-tag', 'security', '--query', '-draft vacuum', '--out', 'x.md', '--force', '--paper', 'letter'], io),
    );
    expect(code).toBe(0);
    expect(seen[0]).toMatchObject({ format: 'md', documentIds: ['a', 'b'], tag: 'nato', annotationTag: 'security', query: '-draft vacuum', out: 'x.md', force: true, pageSize: 'Letter' });
    expect(io.stdout).toEqual(['Exported 2 annotations of 1 document to x.md.']);
  });

  it('exits 2 with one line of usage for a wrong invocation', async () => {
    for (const argv of [[], ['--format', 'docx', '--out', 'x'], ['--format', 'md'], ['--format', 'md', '--out', 'x', '--bogus'], ['--format', 'pdf', '--out', 'x', '--paper', 'A5']]) {
      const io = capture();
      expect(await exitCode(io, () => exportCommand(fakeApi({}), argv, io))).toBe(2);
      expect(io.stderr).toHaveLength(1);
      expect(io.stderr[0]).toMatch(/^pith: /);
    }
  });

  it('exits 1 with the message of a PithError, and 1 when a document failed', async () => {
    const io = capture();
    expect(await exitCode(io, () => exportCommand(fakeApi(new PithError('exists', '/x/y.md already exists')), ['--format', 'md', '--out', '/x/y.md'], io))).toBe(1);
    expect(io.stderr).toEqual(['pith: /x/y.md already exists']);
    const io2 = capture();
    const failed = fakeApi({ failed: [{ document: 'Lost PDF', reason: 'its original PDF cannot be read' }], files: ['a', 'b'], out: '/o' });
    expect(await exitCode(io2, () => exportCommand(failed, ['--format', 'pdf', '--out', '/o'], io2))).toBe(1);
    expect(io2.stderr).toEqual(['failed      Lost PDF: its original PDF cannot be read']);
    expect(io2.stdout[0]).toContain('2 files in /o');
  });

  it('prints the report as JSON with --json', async () => {
    const io = capture();
    await exportCommand(fakeApi({}), ['--format', 'csv', '--out', 'a.csv', '--json'], io);
    expect(JSON.parse(io.stdout.join(''))).toMatchObject({ format: 'csv', documents: 1, cancelled: false });
  });
});

describe('pith backup and restore', () => {
  it('backs up through the API and restores a real backup into a folder', async () => {
    const io = capture();
    expect(await exitCode(io, () => backupCommand(fakeApi({}), ['b.zip'], io))).toBe(0);
    expect(io.stdout).toEqual(['Backed up the archive to b.zip (2.0 KB).']);
    expect(await exitCode(io, () => backupCommand(fakeApi({}), [], io))).toBe(2);

    const { dir, db } = makeArchive();
    const work = tempDir('pith-cli-');
    cleanup.push(dir, work);
    const d = addDocument(db, dir, { title: 'NATO', body: SAMPLE_TEXT });
    addAnnotation(db, d.id, { quote: 'Priština' });
    const { backup } = await import('../../core/backup/backup.ts');
    await backup(db, dir, path.join(work, 'b.zip'));
    const io2 = capture();
    expect(await exitCode(io2, () => restoreCommand([path.join(work, 'b.zip')], io2, path.join(work, 'restored')))).toBe(0);
    expect(io2.stdout).toEqual([`Restored 1 document and 1 original file into ${path.join(work, 'restored')}.`]);
    const io3 = capture();
    expect(await exitCode(io3, () => restoreCommand([path.join(work, 'b.zip')], io3, path.join(work, 'restored')))).toBe(1);
    expect(io3.stderr[0]).toMatch(/^pith: .*is not empty/);
    const io4 = capture();
    expect(await exitCode(io4, () => restoreCommand([], io4, work))).toBe(2);
  });
});
