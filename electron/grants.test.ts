import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PithError } from '../core/api.ts';
import { PathGrants, createPathPolicy, exportTargetKind, type SaveChoice } from './grants.ts';
import type { IpcSender } from './bridge.ts';

const s = { id: 1, url: 'app://pith/', isMainFrame: true, send: () => undefined } satisfies IpcSender;
const home = path.resolve('/home/ana');

describe('PathGrants', () => {
  it('covers a granted file, and everything inside a granted folder', () => {
    const grants = new PathGrants();
    expect(grants.grant(path.join(home, 'papers'))).toBe(true);
    expect(grants.grant(path.join(home, 'notes.md'))).toBe(true);
    expect(grants.covers(path.join(home, 'papers'))).toBe(true);
    expect(grants.covers(path.join(home, 'papers', '2025', 'nato.pdf'))).toBe(true);
    expect(grants.covers(path.join(home, 'notes.md'))).toBe(true);
    expect(grants.covers(path.join(home, 'papers-old', 'x.pdf'))).toBe(false);
    expect(grants.covers(path.join(home, 'papers', '..', '.ssh', 'id_ed25519'))).toBe(false);
    expect(grants.covers(path.join(home, '.ssh', 'id_ed25519'))).toBe(false);
    expect(grants.covers(home)).toBe(false);
  });

  it('ignores relative paths, NULs and non-strings', () => {
    const grants = new PathGrants();
    for (const bad of ['papers', '', './x', 'a\0b', 42, null, undefined, { path: '/' }]) expect(grants.grant(bad)).toBe(false);
    expect(grants.size).toBe(0);
    expect(grants.covers('papers')).toBe(false);
    expect(grants.covers(`${home}\0`)).toBe(false);
  });
});

describe('the path policy of the bridge', () => {
  function policy(answer: string | null = path.join(home, 'out.md')) {
    const grants = new PathGrants();
    grants.grant(path.join(home, 'papers'));
    const choose = vi.fn(async (_choice: SaveChoice) => answer);
    return { prepare: createPathPolicy(grants, choose), choose, grants };
  }

  it('imports only paths the user gave', async () => {
    const { prepare } = policy();
    await expect(prepare('importPaths', { paths: [path.join(home, 'papers', 'a.pdf')], taskId: 't' }, s)).resolves.toEqual({
      paths: [path.join(home, 'papers', 'a.pdf')],
      taskId: 't',
    });
    for (const paths of [['/etc/passwd'], [path.join(home, 'papers', 'a.pdf'), path.join(home, '.ssh')], ['papers/a.pdf'], [path.join(home, 'papers', '..', '.bashrc')]]) {
      const refusal = prepare('importPaths', { paths }, s);
      await expect(refusal).rejects.toBeInstanceOf(PithError);
      await expect(refusal).rejects.toMatchObject({ code: 'invalid' });
    }
    await expect(prepare('importPaths', { paths: 'nope' }, s)).rejects.toMatchObject({ code: 'invalid' });
    await expect(prepare('importPaths', undefined, s)).rejects.toMatchObject({ code: 'invalid' });
  });

  it('asks where to export, every time, taking the given out only as a suggested name', async () => {
    const { prepare, choose } = policy(path.join(home, 'Documents', 'nato.md'));
    const req = { format: 'md', documentIds: ['d1'], out: '/etc/cron.d/evil' };
    await expect(prepare('exportAnnotations', req, s)).resolves.toEqual({
      format: 'md',
      documentIds: ['d1'],
      out: path.join(home, 'Documents', 'nato.md'),
      force: true,
    });
    expect(choose).toHaveBeenCalledWith(expect.objectContaining({ kind: 'file', defaultName: 'evil', filters: [{ name: 'Markdown', extensions: ['md'] }] }));
  });

  it('asks for a folder when an export writes one file per document', async () => {
    const { prepare, choose } = policy(path.join(home, 'Exports'));
    await expect(prepare('exportAnnotations', { format: 'pdf', tag: 'balkans', force: false }, s)).resolves.toMatchObject({
      out: path.join(home, 'Exports'),
      force: false,
    });
    expect(choose.mock.calls[0]?.[0].kind).toBe('folder');
  });

  it('reports a dismissed dialog as cancelled, and refuses an unknown format before asking', async () => {
    const { prepare, choose } = policy(null);
    await expect(prepare('exportAnnotations', { format: 'csv' }, s)).rejects.toMatchObject({ code: 'cancelled' });
    await expect(prepare('backup', {}, s)).rejects.toMatchObject({ code: 'cancelled' });
    choose.mockClear();
    await expect(prepare('exportAnnotations', { format: 'exe' }, s)).rejects.toMatchObject({ code: 'invalid' });
    expect(choose).not.toHaveBeenCalled();
  });

  it('asks where to save a backup', async () => {
    const { prepare, choose } = policy(path.join(home, 'pith.zip'));
    await expect(prepare('backup', { file: '/tmp/x.zip' }, s)).resolves.toEqual({ file: path.join(home, 'pith.zip'), force: true });
    expect(choose.mock.calls[0]?.[0]).toMatchObject({ kind: 'file', defaultName: 'x.zip' });
  });

  it('leaves every other method alone', async () => {
    const { prepare, choose } = policy();
    const req = { query: 'vacuum' };
    expect(await prepare('search', req, s)).toBe(req);
    expect(await prepare('importFiles', { files: [] }, s)).toEqual({ files: [] });
    expect(choose).not.toHaveBeenCalled();
  });

  it('writes one file for json and csv, or for md/pdf of one document', () => {
    expect(exportTargetKind({ format: 'json' })).toBe('file');
    expect(exportTargetKind({ format: 'csv', documentIds: ['a', 'b'] })).toBe('file');
    expect(exportTargetKind({ format: 'md', documentIds: ['a'] })).toBe('file');
    expect(exportTargetKind({ format: 'md' })).toBe('folder');
    expect(exportTargetKind({ format: 'pdf', documentIds: ['a', 'b'] })).toBe('folder');
  });
});
