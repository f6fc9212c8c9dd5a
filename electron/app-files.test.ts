import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentType, resolveAppFile, serveAppRequest } from './app-files.ts';
import { CONTENT_SECURITY_POLICY } from './security.ts';

let base: string;
let root: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-app-files-'));
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Pith</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'a b.css'), 'body{}');
  fs.writeFileSync(path.join(root, '.env'), 'SECRET=1');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'outside');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  fs.symlinkSync(base, path.join(root, 'up'));
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('resolveAppFile', () => {
  it('maps app URLs to files inside the folder', () => {
    expect(resolveAppFile(root, 'app://pith/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://pith/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://pith/assets/index.js?x=1#top')).toBe(path.join(root, 'assets', 'index.js'));
    expect(resolveAppFile(root, 'app://pith/assets/a%20b.css')).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it.each([
    'app://pith/../secret.txt',
    'app://pith/assets/../../secret.txt',
    'app://pith/%2e%2e/secret.txt',
    'app://pith/%2E%2E/secret.txt',
    'app://pith/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://pith/..%2fsecret.txt',
    'app://pith/..%5csecret.txt',
    'app://pith/assets%2f..%2f..%2fsecret.txt',
    'app://pith/%252e%252e/secret.txt',
    'app://pith//etc/passwd',
    'app://pith/%2fetc%2fpasswd',
    'app://pith/C:%5cWindows%5cwin.ini',
    'app://pith/c%3a/Windows/win.ini',
    'app://pith/index.html%00.png',
    'app://pith/%E0%A4%A',
    'app://pith/.env',
    'app://pith/assets/',
    'app://other/index.html',
    'app://pith:1/index.html',
    'file:///etc/passwd',
    'https://pith/index.html',
    'nonsense',
  ])('refuses %s', (url) => {
    const file = resolveAppFile(root, url);
    // Refused outright, or (what the URL parser already normalized, like /../x to /x) inside.
    if (file !== null) {
      const relative = path.relative(root, file);
      expect(relative.startsWith('..') || path.isAbsolute(relative), file).toBe(false);
    }
    expect(file).not.toBe(path.join(base, 'secret.txt'));
  });

  it('refuses encoded traversal outright rather than normalizing it', () => {
    expect(resolveAppFile(root, 'app://pith/assets/..%2f..%2fsecret.txt')).toBeNull();
    expect(resolveAppFile(root, 'app://pith/%2e%2e%2fsecret.txt')).toBeNull();
    expect(resolveAppFile(root, 'app://pith/.env')).toBeNull();
    expect(resolveAppFile(root, 'app://pith/a%00b')).toBeNull();
  });
});

describe('serveAppRequest', () => {
  it('serves a file with its type and the security headers', async () => {
    const reply = await serveAppRequest(root, { url: 'app://pith/assets/index.js', method: 'GET' });
    expect(reply.status).toBe(200);
    expect(reply.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(reply.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(reply.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(new TextDecoder().decode(reply.body!)).toBe('console.log(1)');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await serveAppRequest(root, { url: 'app://pith/index.html', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    const post = await serveAppRequest(root, { url: 'app://pith/index.html', method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('does not follow links out of the folder', async () => {
    expect((await serveAppRequest(root, { url: 'app://pith/assets/link.txt', method: 'GET' })).status).toBe(404);
    expect((await serveAppRequest(root, { url: 'app://pith/up/secret.txt', method: 'GET' })).status).toBe(404);
  });

  it('answers 404, with the security headers, for missing files, folders and traversal', async () => {
    for (const url of ['app://pith/missing.js', 'app://pith/assets', 'app://pith/%2e%2e/secret.txt', 'app://pith/..%2fsecret.txt']) {
      const reply = await serveAppRequest(root, { url, method: 'GET' });
      expect(reply.status, url).toBe(404);
      expect(reply.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(new TextDecoder().decode(reply.body!)).not.toContain('outside');
    }
  });

  it('knows the types a Vite build and pdf.js need', () => {
    expect(contentType('x.mjs')).toMatch(/javascript/);
    expect(contentType('x.wasm')).toBe('application/wasm');
    expect(contentType('x.woff2')).toBe('font/woff2');
    expect(contentType('x.bcmap')).toBe('application/octet-stream');
  });
});
