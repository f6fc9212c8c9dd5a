import { describe, expect, it } from 'vitest';
import { isLocalOrPrivate, parseSyncUrl, redactUrl } from './url.ts';
import { describeSyncError } from './errors.ts';

describe('the sync server address', () => {
  it('takes the credentials out of the URL, the password from the environment when not in it', () => {
    expect(parseSyncUrl('https://ana:s3cret@couch.example.org/pith')).toEqual({
      url: 'https://couch.example.org/pith',
      auth: { username: 'ana', password: 's3cret' },
    });
    expect(parseSyncUrl('https://ana@couch.example.org/pith/', { password: 'env' }).auth).toEqual({ username: 'ana', password: 'env' });
    expect(parseSyncUrl('https://couch.example.org/pith', { user: 'bo', password: 'x' }).auth).toEqual({ username: 'bo', password: 'x' });
    expect(parseSyncUrl('http://127.0.0.1:5984/pith').auth).toBeUndefined();
  });

  it('refuses plain http to a public host unless told to, and allows loopback and private networks', () => {
    expect(() => parseSyncUrl('http://couch.example.org/pith')).toThrow(/Refusing to send your archive over plain http/);
    expect(parseSyncUrl('http://couch.example.org/pith', { insecure: true }).url).toBe('http://couch.example.org/pith');
    for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '172.20.0.5', '192.168.1.9', '[::1]', '[fd00::1]', 'nas.local']) {
      expect(parseSyncUrl(`http://${host}:5984/pith`).url).toContain('/pith');
    }
    expect(isLocalOrPrivate('172.32.0.1')).toBe(false);
    expect(isLocalOrPrivate('8.8.8.8')).toBe(false);
  });

  it('says plainly what is wrong with an address, and never repeats its password', () => {
    expect(() => parseSyncUrl('not a url:// at all')).toThrow(/is not a URL/);
    expect(() => parseSyncUrl('ftp://host/pith')).toThrow(/must start with https:\/\//);
    expect(() => parseSyncUrl('https://couch.example.org/')).toThrow(/Name the database/);
    expect(redactUrl('https://ana:s3cret@couch.example.org/pith')).toBe('https://ana:***@couch.example.org/pith');
    const message = describeSyncError({ status: 401 }, 'https://ana:s3cret@couch.example.org/pith');
    expect(message).toBe('The sync server at https://ana:***@couch.example.org/pith refused the user name or password.');
    expect(describeSyncError({ code: 'ECONNREFUSED' }, 'http://127.0.0.1:9/pith')).toMatch(/nothing answers there/);
  });
});
