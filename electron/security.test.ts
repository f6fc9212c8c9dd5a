import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY,
  CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
  externalLinkTarget,
  isAllowedRequest,
  isAppUrl,
  mainFrameNavigation,
  permissionAllowed,
  subframeNavigation,
  withSecurityHeaders,
} from './security.ts';

describe('the request filter', () => {
  it.each([
    APP_ENTRY,
    'app://pith/',
    'app://pith/assets/index-3f2a.js',
    'app://PITH/assets/x.css',
    'app://pith/assets/pdf.worker.min.mjs?v=1#x',
    'blob:app://pith/3b0c6a44-8d1e-4bd1-a0a5-3e1f1c1f0a11',
    'data:image/png;base64,iVBORw0KGgo=',
    'devtools://devtools/bundled/devtools_app.html',
  ])('lets %s through', (url) => {
    expect(isAllowedRequest(url)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:5173/',
    'http://localhost/',
    'ws://127.0.0.1:1234/',
    'wss://example.com/socket',
    'file:///etc/passwd',
    'file:///C:/Windows/win.ini',
    'ftp://example.com/x',
    'app://evil/index.html',
    'app://pith.evil.com/index.html',
    'app://pith:8080/index.html',
    'app://user:pw@pith/index.html',
    'blob:https://example.com/3b0c6a44',
    'blob:null/3b0c6a44',
    'chrome://settings',
    'chrome-extension://abc/x.js',
    'javascript:alert(1)',
    'about:blank',
    'not a url',
    '',
  ])('cancels %s', (url) => {
    expect(isAllowedRequest(url)).toBe(false);
  });
});

describe('the app origin', () => {
  it('is app://pith and nothing like it', () => {
    expect(isAppUrl('app://pith/index.html')).toBe(true);
    expect(isAppUrl('app://pith')).toBe(true);
    expect(isAppUrl('app://pithy/index.html')).toBe(false);
    expect(isAppUrl('https://pith/index.html')).toBe(false);
    expect(isAppUrl('app:pith/index.html')).toBe(false);
  });
});

describe('navigation', () => {
  it('never lets the main frame navigate, and offers only http(s) links to the browser', () => {
    expect(mainFrameNavigation('https://www.nato.int/cps/en/natohq/news.htm')).toEqual({
      allow: false,
      external: 'https://www.nato.int/cps/en/natohq/news.htm',
    });
    expect(mainFrameNavigation('http://example.com')).toEqual({ allow: false, external: 'http://example.com/' });
    expect(mainFrameNavigation('app://pith/index.html')).toEqual({ allow: false, external: null });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>x</script>', 'smb://host/share', 'mailto:a@b.c']) {
      expect(mainFrameNavigation(url)).toEqual({ allow: false, external: null });
    }
  });

  it('refuses links with credentials, without a host, or absurdly long', () => {
    expect(externalLinkTarget('https://user:secret@example.com/')).toBeNull();
    expect(externalLinkTarget('https:')).toBeNull();
    expect(externalLinkTarget(`https://example.com/${'a'.repeat(5000)}`)).toBeNull();
    expect(externalLinkTarget(42 as unknown as string)).toBeNull();
  });

  it('lets subframes be only inert reading frames or the app', () => {
    expect(subframeNavigation('about:srcdoc').allow).toBe(true);
    expect(subframeNavigation('about:blank').allow).toBe(true);
    expect(subframeNavigation('app://pith/reader.html').allow).toBe(true);
    expect(subframeNavigation('https://example.com/').allow).toBe(false);
    expect(subframeNavigation('file:///etc/passwd').allow).toBe(false);
    expect(subframeNavigation('data:text/html,hi').allow).toBe(false);
  });
});

describe('permissions', () => {
  it('refuses every permission but writing text to the clipboard from the app', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal', 'clipboard-read', 'hid', 'serial', 'usb', 'idle-detection', 'unknown']) {
      expect(permissionAllowed(permission, 'app://pith/index.html')).toBe(false);
    }
    expect(permissionAllowed('clipboard-sanitized-write', 'app://pith/index.html')).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'https://example.com/')).toBe(false);
  });
});

describe('the content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );

  it('allows scripts from the app only, never inline or eval', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'/);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('closes objects, base, forms and framing, and connects only to the app and its originals', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", 'pith-original:']);
    expect(directives.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('replaces whatever security headers a response brought, in any case', () => {
    const merged = withSecurityHeaders({
      'content-security-policy': ["default-src *"],
      'Content-Type': 'text/html',
      'x-content-type-options': ['sniff'],
    });
    expect(merged['content-security-policy']).toBeUndefined();
    expect(merged['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(merged['X-Content-Type-Options']).toEqual(['nosniff']);
    expect(merged['Content-Type']).toEqual(['text/html']);
    expect(Object.keys(merged).filter((name) => name.toLowerCase() === 'content-security-policy')).toHaveLength(1);
    expect(Object.keys(SECURITY_HEADERS)).toContain('Referrer-Policy');
  });
});
