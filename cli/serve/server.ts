// `pith serve`: the API contract as JSON over HTTP on 127.0.0.1, plus the built renderer.
//
//   GET  /…                      the app (static files from dist/renderer)
//   POST /api/<method>           one call of the contract: JSON request → {ok:true,value} or
//                                {ok:false,error:{code,message}}; Authorization: Bearer TOKEN
//   GET  /api/events?token=T     Server-Sent Events: `progress` events of long tasks
//   GET  /api/download/<id>      what an export or backup produced (Bearer TOKEN)
//   GET  /api/original/<id>      a document's original file, with range requests (Bearer TOKEN)
//
// Bytes travel as {"$bytes": base64} (see wire.ts). Long methods run under the request's taskId
// (the server makes one when missing and echoes it as `taskId` beside `value`); `cancel` stops them,
// and so does the client going away.
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { API_METHODS, LONG_METHODS, type ApiMethod, type CallContext, type ErrorCode, type PithApi } from '../../core/api.ts';
import { decodeJson, encodeJson } from './wire.ts';
import { bearerToken, checkHostAndOrigin, sameToken } from './guard.ts';
import { setSecurityHeaders } from './headers.ts';
import { resolveStatic } from './static.ts';
import { EventHub } from './events.ts';
import { Downloads, clearLeftovers } from './downloads.ts';
import { toPithError } from '../../core/errors.ts';
import { sendOriginal, type OriginalFile } from './original.ts';

export const UPLOAD_LIMIT = 64 * 1024 * 1024;
export const BODY_LIMIT = 1024 * 1024;

/**
 * How long a client may hold a connection without doing its part, and how many it may hold.
 * Headers must arrive within `headersTimeoutMs` and the whole request (a 64 MB upload over
 * loopback takes well under a second) within `requestTimeoutMs`; a connection silent for
 * `idleTimeoutMs` is closed, except while its call runs (an import may take an hour) and on the
 * event stream. Beyond `maxConnections` new connections are dropped; the OS gives a process
 * 256 descriptors by default on macOS.
 */
export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
}

export const CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  maxConnections: 128,
};

/** Methods whose bodies carry file bytes get the larger limit. */
const UPLOAD_METHODS = new Set<ApiMethod>(['importFiles']);
const METHODS = new Set<string>(API_METHODS);
const LONG = new Set<string>(LONG_METHODS);
/** Export formats written as one file whatever the selection (core/export/export.ts). */
const ONE_FILE_FORMATS = new Set(['json', 'csv']);

const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  'not-found': 404,
  conflict: 409,
  exists: 409,
  cancelled: 409,
  unsupported: 422,
  archive: 500,
  internal: 500,
};

export interface ServeOptions {
  api: PithApi;
  /** Where a document's original is on disk (Pith.originalFile), for GET /api/original/<id>. */
  originalFile?: (req: { id: string }) => OriginalFile;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 0 (default) for a free port. */
  port?: number;
  token?: string;
  /** Where exports and backups made over HTTP are written; a temporary folder by default. */
  workDir?: string;
  /** How long a download waits to be fetched (downloads.ts: DOWNLOAD_TTL_MS by default). */
  downloadTtlMs?: number;
  uploadLimit?: number;
  bodyLimit?: number;
  limits?: Partial<ConnectionLimits>;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  server: http.Server;
  events: EventHub;
  close(): Promise<void>;
}

interface Target {
  pathname: string;
  searchParams: URLSearchParams;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = encodeJson(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

/**
 * Answers a refused request and drops its connection: a client without the token (or from a
 * foreign page, or sending what we never read) must not hold it open by trickling a body.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
  res.on('finish', () => req.destroy());
  res.on('close', () => req.destroy());
  sendError(res, status, code, message);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, 'invalid', `The request is larger than ${Math.round(limit / 1024 / 1024)} MB.`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, 'invalid', `The request is larger than ${Math.round(limit / 1024 / 1024)} MB.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

function errorOf(error: unknown): { status: number; code: ErrorCode; message: string } {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
  const failure = toPithError(error, (message, raw) => console.error(message, raw));
  return { status: STATUS[failure.code] ?? 500, code: failure.code, message: failure.message };
}

/**
 * What a download of an export is called, after what it holds: the tag, the search, or the whole
 * archive, and the day ("pith-kosovo-2026-12-08.zip"). One document's export is handed out as the
 * file the core wrote, named after the document.
 */
export function exportName(request: Record<string, unknown>, day: Date): string {
  const words = (value: unknown) =>
    String(value)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '');
  const date = day.toISOString().slice(0, 10);
  const tag = request.annotationTag ?? request.tag;
  const query = typeof request.query === 'string' ? words(request.query) : '';
  const ids = Array.isArray(request.documentIds) ? request.documentIds.length : 0;
  const scope = typeof tag === 'string' && words(tag) ? words(tag) : query ? `search-${query}` : ids > 0 ? `${ids}-documents` : 'archive';
  return `pith-${scope}-${date}`;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const events = new EventHub();
  // What killed servers left under the temp folder (their pid is in the folder's name).
  if (!options.workDir) clearLeftovers();
  /** Long calls running now, by taskId. */
  const tasks = new Map<string, AbortController>();
  const downloads = new Downloads({ dir: options.workDir, ttlMs: options.downloadTtlMs });
  const uploadLimit = options.uploadLimit ?? UPLOAD_LIMIT;
  const bodyLimit = options.bodyLimit ?? BODY_LIMIT;
  const { api } = options;
  let port = 0;

  /** HTTP-only rewrites for methods that write files: the browser gets a download instead of a path. */
  async function call(method: ApiMethod, request: Record<string, unknown>, ctx: CallContext): Promise<{ value: unknown; extra: Record<string, unknown> }> {
    const fn = api[method] as (req: unknown, ctx?: CallContext) => Promise<unknown>;
    if (method === 'exportAnnotations' || method === 'backup') {
      const job = downloads.job();
      let produced: string;
      let baseName: string;
      if (method === 'exportAnnotations') {
        const format = String(request.format ?? 'md');
        baseName = exportName(request, new Date());
        // JSON and CSV are one file whatever the selection. Markdown and PDF are asked for as a
        // folder: the core decides what it writes there (a file per document, after its own
        // selection by ids, tag or query), and what it reports having written is handed out, a
        // single file as itself. The server never guesses the selection's size.
        produced = ONE_FILE_FORMATS.has(format) ? path.join(job.dir, `${baseName}.${format}`) : `${path.join(job.dir, baseName)}${path.sep}`;
        request = { ...request, out: produced, force: true };
      } else {
        baseName = 'pith-backup';
        // .zip, as the desktop app names backups and its Restore dialog expects.
        produced = path.join(job.dir, `pith-backup-${new Date().toISOString().slice(0, 10)}.zip`);
        request = { ...request, file: produced, force: true };
      }
      const extra: Record<string, unknown> = {};
      try {
        const value = (await fn.call(api, request, ctx)) as { cancelled?: boolean; out?: string; file?: string; files?: unknown };
        const out = value?.out ?? value?.file ?? produced;
        const files = Array.isArray(value?.files) ? value.files.filter((f): f is string => typeof f === 'string') : undefined;
        if (!value?.cancelled && fs.existsSync(out)) extra.download = await downloads.register(job.id, out, baseName, files);
        return { value, extra };
      } finally {
        // Failed, cancelled or empty: nothing to hand out, so nothing is kept.
        if (!extra.download) downloads.discard(job.id);
      }
    }
    return { value: LONG.has(method) ? await fn.call(api, request, ctx) : await fn.call(api, request), extra: {} };
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: Target): Promise<void> {
    const name = url.pathname.slice('/api/'.length);
    if (name === 'events') {
      if (req.method !== 'GET') return refuse(req, res, 405, 'invalid', 'Use GET for events.');
      if (!sameToken(url.searchParams.get('token'), token)) return refuse(req, res, 401, 'invalid', 'A valid token is required.');
      req.socket.setTimeout(0); // the event stream is quiet between events by design
      events.add(res);
      return;
    }
    if (!sameToken(bearerToken(req), token)) return refuse(req, res, 401, 'invalid', 'A valid token is required.');
    if (name.startsWith('original/') && options.originalFile) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, 405, 'invalid', 'Use GET for originals.');
      let file: OriginalFile;
      try {
        file = options.originalFile({ id: decodeURIComponent(name.slice('original/'.length)) });
      } catch (error) {
        const e = errorOf(error);
        return refuse(req, res, e.status, e.code, e.message);
      }
      return sendOriginal(req, res, file, (status, message) => refuse(req, res, status, 'not-found', message));
    }
    if (name.startsWith('download/')) {
      if (req.method !== 'GET') return refuse(req, res, 405, 'invalid', 'Use GET for downloads.');
      const id = name.slice('download/'.length);
      const item = downloads.get(id);
      let size: number;
      try {
        if (!item) throw new Error('gone');
        size = fs.statSync(item.file).size;
      } catch {
        return refuse(req, res, 404, 'not-found', 'No such download (it may have expired, or been downloaded already).');
      }
      res.writeHead(200, {
        'Content-Type': item.type,
        'Content-Length': size,
        'Content-Disposition': `attachment; filename="${item.name.replace(/[^\w.-]/g, '_')}"`,
        'Cache-Control': 'no-store',
      });
      // Fetched whole: deleted. A fetch cut short keeps it (until it expires) for another try.
      // Whole means every byte handed to the connection: a client that read them all may close
      // before the response's 'finish', even before the file's end-of-file is read, so the bytes
      // handed over decide, counted as they go.
      const stream = fs.createReadStream(item.file);
      let handed = 0;
      stream.on('data', (chunk) => (handed += chunk.length));
      res.on('close', () => {
        if (res.writableFinished || handed >= size) downloads.discard(id);
      });
      stream.pipe(res);
      return;
    }
    if (!METHODS.has(name)) return refuse(req, res, 404, 'not-found', `No API method "${name}".`);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return refuse(req, res, 405, 'invalid', `Use POST for /api/${name}.`);
    }
    const method = name as ApiMethod;
    const type = String(req.headers['content-type'] ?? '');
    // A JSON content type also forces a CORS preflight, which we never answer: one more wall.
    if (!/^application\/json\b/i.test(type)) return refuse(req, res, 415, 'invalid', 'Send the request as application/json.');
    let request: Record<string, unknown>;
    try {
      const text = await readBody(req, UPLOAD_METHODS.has(method) ? uploadLimit : bodyLimit);
      const parsed = text.trim() === '' ? {} : decodeJson(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HttpError(400, 'invalid', 'The request must be a JSON object.');
      request = parsed as Record<string, unknown>;
    } catch (error) {
      if (error instanceof SyntaxError) return sendError(res, 400, 'invalid', 'The request is not valid JSON.');
      const e = errorOf(error);
      // Stop reading a body we refused (413): answer, then drop the connection.
      if (e.status === 413) return refuse(req, res, e.status, e.code, e.message);
      sendError(res, e.status, e.code, e.message);
      return;
    }
    // The request is in; the call may take long (an import, a backup), quiet on the socket.
    req.socket.setTimeout(0);
    const extra: Record<string, unknown> = {};
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    let taskId: string | null = null;
    if (LONG.has(method)) {
      if (typeof request.taskId !== 'string' || request.taskId === '') request = { ...request, taskId: randomUUID() };
      taskId = request.taskId as string;
      // As the desktop bridge does: a second call under a running task's id would take its name,
      // and the first could no longer be cancelled.
      if (taskId.length > 200) return sendError(res, 400, 'invalid', 'A taskId is a short string.');
      if (tasks.has(taskId)) return sendError(res, 409, 'conflict', `A task named ${taskId} is already running.`);
      tasks.set(taskId, controller);
      extra.taskId = taskId;
    }
    const ctx: CallContext = { onProgress: (e) => events.progress(e), signal: controller.signal };
    try {
      if (method === 'cancel') {
        // The server's own tasks first (a backup has no taskId in the core), then the core's.
        const own = tasks.get(String(request.taskId));
        own?.abort();
        const viaCore = (await api.cancel(request as { taskId: string })) as { cancelled: boolean };
        return sendJson(res, 200, { ok: true, value: { cancelled: Boolean(own) || viaCore.cancelled } });
      }
      const result = await call(method, request, ctx);
      sendJson(res, 200, { ok: true, value: result.value, ...extra, ...result.extra });
    } catch (error) {
      const e = errorOf(error);
      sendJson(res, e.status, { ok: false, error: { code: e.code, message: e.message }, ...extra });
    } finally {
      if (taskId !== null && tasks.get(taskId) === controller) tasks.delete(taskId);
    }
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, url: Target): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendError(res, 405, 'invalid', 'Only GET and HEAD are served here.');
    }
    const found = resolveStatic(options.staticDir, url.pathname);
    if (found.status !== 200) {
      res.writeHead(found.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(found.reason);
      return;
    }
    res.writeHead(200, {
      'Content-Type': found.type,
      'Content-Length': found.size,
      'Cache-Control': found.file.endsWith('.html') ? 'no-cache' : 'max-age=3600',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(found.file).pipe(res);
  }

  const limits: ConnectionLimits = { ...CONNECTION_LIMITS, ...options.limits };
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often the two timeouts above are enforced (Node's default is every 30 s).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, limits.headersTimeoutMs / 4)),
    },
    (req, res) => {
    setSecurityHeaders(res);
    const refused = checkHostAndOrigin(req, port);
    if (refused) return refuse(req, res, 403, 'invalid', refused);
    // The raw target, not a URL-normalised one: `/a/../b` must reach the traversal check as sent.
    const raw = req.url ?? '/';
    if (!raw.startsWith('/')) return refuse(req, res, 400, 'invalid', 'Malformed request target.');
    const query = raw.indexOf('?');
    const pathname = query === -1 ? raw : raw.slice(0, query);
    const target: Target = { pathname, searchParams: new URLSearchParams(query === -1 ? '' : raw.slice(query + 1)) };
    if (pathname.startsWith('/api/')) {
      handleApi(req, res, target).catch((error) => {
        const e = errorOf(error);
        sendError(res, e.status, e.code, e.message);
      });
    } else handleStatic(req, res, target);
    },
  );
  // Silent connections are closed (a call in progress and the event stream lift it, above).
  server.timeout = limits.idleTimeoutMs;
  server.keepAliveTimeout = Math.min(5_000, limits.idleTimeoutMs);
  server.maxConnections = limits.maxConnections;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}/#token=${token}`;

  return {
    url,
    port,
    token,
    server,
    events,
    async close() {
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      downloads.dispose();
    },
  };
}
