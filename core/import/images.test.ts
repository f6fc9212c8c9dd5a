// Images beside an imported page: stored when they are image files inside the page's folder,
// dropped (a placeholder in the reader) in every other case.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { blobPath } from '../../db/blobs.ts';
import type { DocumentStructure } from '../types.ts';
import { storeLocalImages } from './images.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) fs.rmSync(f, { recursive: true, force: true });
});
function temp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-images-'));
  folders.push(dir);
  return dir;
}
const structureWith = (...srcs: string[]): DocumentStructure => ({ blocks: [], spans: [], images: srcs.map((src) => ({ alt: 'x', src })) });

describe('images beside an imported page', () => {
  it('stores image files inside the page’s folder and points the structure at them', async () => {
    const site = temp();
    const archive = temp();
    fs.mkdirSync(path.join(site, 'page', 'img'), { recursive: true });
    fs.writeFileSync(path.join(site, 'page', 'img', 'a b.png'), PNG);
    fs.writeFileSync(path.join(site, 'secret.png'), PNG); // outside the page's folder
    fs.writeFileSync(path.join(site, 'page', 'fake.png'), 'not an image');
    fs.symlinkSync(path.join(site, 'secret.png'), path.join(site, 'page', 'link.png'));
    const structure = structureWith('file:img/a b.png', 'file:../secret.png', 'file:fake.png', 'file:link.png', 'file:missing.png', 'file:img/a b.png');
    const stored = await storeLocalImages(archive, path.join(site, 'page', 'index.html'), structure);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.mime).toBe('image/png');
    expect(fs.readFileSync(blobPath(archive, stored[0]!.sha256))).toEqual(PNG);
    expect(structure.images.map((i) => i.src)).toEqual([`asset:${stored[0]!.sha256}`, null, null, null, null, `asset:${stored[0]!.sha256}`]);
  });

  it('drops every file image of a page imported from bytes (no folder to look in)', async () => {
    const structure = structureWith('file:img/a.png', 'data:image/png;base64,AAAA');
    expect(await storeLocalImages(temp(), null, structure)).toEqual([]);
    expect(structure.images.map((i) => i.src)).toEqual([null, 'data:image/png;base64,AAAA']);
  });
});
