// The renderer's one way to the archive: `window.pith` in Electron (the preload's bridge), else
// JSON over HTTP to `pith serve`. Typed from the contract in core/api.ts, and nothing else of ours.
import type { ExportReport, ExportRequest, ImportReport, PithApi, ProgressEvent } from '../../core/api.ts';
import { decodeJson, encodeJson } from './wire.ts';

export type { PithApi };

/** An error as it crossed the contract: a code and a message written for a person. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface MenuDetail {
  paths?: string[];
  message?: string;
}

export interface ExportOutcome {
  report: ExportReport;
  /** What the user got: a file name (download) or a path (desktop). */
  saved: string | null;
}

/** Where pdf.js reads an original from: a URL it fetches by ranges, or the bytes themselves. */
export type OriginalSource = { url: string; httpHeaders: Record<string, string> } | { data: Uint8Array };

export interface Client {
  transport: 'electron' | 'http';
  /** A document's original, for pdf.js: by URL with range requests over HTTP, else its bytes. */
  originalSource(id: string): Promise<OriginalSource>;
  /** Over HTTP without the token from the address `pith serve` printed: nothing will work. */
  missingToken: boolean;
  api: PithApi;
  onProgress(callback: (event: ProgressEvent) => void): () => void;
  onMenu(callback: (action: string, detail: MenuDetail) => void): () => void;
  /** Imports files the user picked or dropped: by path in Electron, by bytes over HTTP. */
  importFiles(files: File[], taskId: string, onProgress: (event: ProgressEvent) => void): Promise<ImportReport>;
  /** Imports paths the desktop shell chose (File › Import Folder…, drops it handled). */
  importPaths(paths: string[], taskId: string, onProgress: (event: ProgressEvent) => void): Promise<ImportReport>;
  /** Exports and hands the result to the user (a download over HTTP, a save dialog in Electron). */
  exportAnnotations(req: Omit<ExportRequest, 'out'> & { taskId: string }, onProgress: (event: ProgressEvent) => void): Promise<ExportOutcome>;
  /** A backup of the whole archive, handed to the user like an export; what was saved, or null. */
  backup(): Promise<string | null>;
  /**
   * Cancels a long task this window started. The request may still be on its way (an upload
   * takes time), so the cancel is repeated until the archive knows the task or the task is over.
   */
  cancelTask(taskId: string): Promise<void>;
}

/** Over HTTP each request stays under the server's 64 MB upload limit (base64 grows bytes by 4/3). */
const UPLOAD_BATCH_BYTES = 40 * 1024 * 1024;
/** The largest single file that fits in one request. */
const UPLOAD_FILE_LIMIT = 46 * 1024 * 1024;

function emptyReport(): ImportReport {
  return { imported: 0, duplicates: 0, updated: 0, unsupported: 0, failed: 0, cancelled: false, results: [] };
}

function addReport(into: ImportReport, from: ImportReport): void {
  into.imported += from.imported;
  into.duplicates += from.duplicates;
  into.updated += from.updated;
  into.unsupported += from.unsupported;
  into.failed += from.failed;
  into.cancelled ||= from.cancelled;
  into.results.push(...from.results);
}

/** Tasks started here and not finished yet, and those the user asked to cancel. */
const running = new Set<string>();
const cancelling = new Set<string>();

async function track<T>(taskId: string, work: () => Promise<T>): Promise<T> {
  running.add(taskId);
  try {
    return await work();
  } finally {
    running.delete(taskId);
    cancelling.delete(taskId);
  }
}

async function cancelUntilKnown(api: PithApi, taskId: string): Promise<void> {
  cancelling.add(taskId);
  for (let attempt = 0; attempt < 600 && running.has(taskId); attempt++) {
    if ((await api.cancel({ taskId })).cancelled) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function httpClient(token: string): Client {
  const progressListeners = new Set<(event: ProgressEvent) => void>();
  let events: EventSource | null = null;
  let ready: Promise<void> = Promise.resolve();

  function connectEvents(): void {
    events = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    ready = new Promise((resolve) => {
      events!.addEventListener('ready', () => resolve(), { once: true });
      setTimeout(resolve, 1500);
    });
    events.addEventListener('progress', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as ProgressEvent;
      for (const listener of progressListeners) listener(event);
    });
  }

  async function post(method: string, req: unknown): Promise<{ value: unknown; download?: string }> {
    let response: Response;
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: encodeJson(req ?? {}),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError('internal', 'Pith is not answering. Is `pith serve` still running?');
    }
    const text = await response.text();
    let reply: { ok: boolean; value?: unknown; download?: string; error?: { code: string; message: string } };
    try {
      reply = decodeJson(text) as typeof reply;
    } catch {
      if (response.status === 413) throw new ApiError('invalid', 'That is too large to send in one go.');
      throw new ApiError('internal', `Pith answered ${response.status} ${response.statusText}.`);
    }
    if (!reply.ok) {
      const error = reply.error ?? { code: 'internal', message: `Pith answered ${response.status}.` };
      if (response.status === 401) throw new ApiError('invalid', 'This page has lost its access token: open the address `pith serve` printed.');
      throw new ApiError(error.code, error.message);
    }
    return { value: reply.value, download: reply.download };
  }

  const api = new Proxy({} as PithApi, {
    get(_target, method) {
      if (typeof method !== 'string' || method === 'then') return undefined;
      return async (req: unknown) => (await post(method, req)).value;
    },
  });

  async function download(url: string): Promise<string> {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
    if (!response.ok) throw new ApiError('not-found', 'The export could not be downloaded.');
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'pith-export';
    const blob = await response.blob();
    const href = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = href;
    a.download = name;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
    return name;
  }

  if (token) connectEvents();

  return {
    transport: 'http',
    missingToken: token === '',
    api,
    async originalSource(id) {
      return { url: `/api/original/${encodeURIComponent(id)}`, httpHeaders: { Authorization: `Bearer ${token}` } };
    },
    onProgress(callback) {
      progressListeners.add(callback);
      return () => progressListeners.delete(callback);
    },
    onMenu() {
      return () => {};
    },
    importFiles(files, taskId, onProgress) {
      return track(taskId, () => uploadAll(files, taskId, onProgress));
    },
    cancelTask: (taskId) => cancelUntilKnown(api, taskId),
    async importPaths(paths, taskId) {
      return track(taskId, async () => (await post('importPaths', { paths, taskId })).value as ImportReport);
    },
    async backup() {
      const { download: url } = await post('backup', {});
      return url ? download(url) : null;
    },
    async exportAnnotations(req, onProgress) {
      await ready;
      const relay = (event: ProgressEvent) => {
        if (event.taskId === req.taskId) onProgress(event);
      };
      progressListeners.add(relay);
      try {
        const { value, download: url } = await track(req.taskId, () => post('exportAnnotations', req));
        const report = value as ExportReport;
        const saved = url && !report.cancelled ? await download(url) : null;
        return { report, saved };
      } finally {
        progressListeners.delete(relay);
      }
    },
  };

  /** Uploads in batches under the server's size limit; a cancel stops between batches too. */
  async function uploadAll(files: File[], taskId: string, onProgress: (event: ProgressEvent) => void): Promise<ImportReport> {
    await ready;
    const total = files.length;
    const report = emptyReport();
    let offset = 0;
    const relay = (event: ProgressEvent) => {
      if (event.taskId === taskId) onProgress({ ...event, done: offset + event.done, total });
    };
    progressListeners.add(relay);
    try {
      let batch: File[] = [];
      let batchBytes = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        if (cancelling.has(taskId)) {
          report.cancelled = true;
          return;
        }
        onProgress({ taskId, phase: 'import', done: offset, total, current: batch[0]!.name });
        const payload = await Promise.all(batch.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
        try {
          const result = (await post('importFiles', { files: payload, taskId })).value as ImportReport;
          addReport(report, result);
        } catch (error) {
          if (batch.length === 1 && error instanceof ApiError) {
            report.failed += 1;
            report.results.push({ path: batch[0]!.name, status: 'failed', reason: error.message });
          } else throw error;
        }
        offset += batch.length;
        batch = [];
        batchBytes = 0;
      };
      for (const file of files) {
        if (report.cancelled) break;
        if (file.size > UPLOAD_FILE_LIMIT) {
          report.failed += 1;
          report.results.push({
            path: file.name,
            status: 'failed',
            reason: `too large to send through the browser (${Math.round(file.size / 1024 / 1024)} MB; the limit is 46 MB): import it with \`pith import\` or the desktop app`,
          });
          offset += 1;
          continue;
        }
        if (batch.length > 0 && batchBytes + file.size > UPLOAD_BATCH_BYTES) await flush();
        if (report.cancelled) break;
        batch.push(file);
        batchBytes += file.size;
      }
      if (!report.cancelled) await flush();
      onProgress({ taskId, phase: 'import', done: report.cancelled ? offset : total, total, current: null });
      return report;
    } finally {
      progressListeners.delete(relay);
    }
  }
}

function electronClient(bridge: PithBridge & { originalUrl?: (id: string) => string }): Client {
  return {
    transport: 'electron',
    missingToken: false,
    api: bridge,
    async originalSource(id) {
      // Streamed from the desktop shell's pith-original:// protocol (by ranges when large), as
      // over HTTP; the bytes in one message only from a shell that has no such address.
      if (typeof bridge.originalUrl === 'function') return { url: bridge.originalUrl(id), httpHeaders: {} };
      return { data: (await bridge.getOriginal({ id })).bytes };
    },
    onProgress: (callback) => bridge.onProgress(callback),
    onMenu: (callback) => bridge.onMenu(callback),
    async importFiles(files, taskId, onProgress) {
      const paths = files.map((f) => bridge.pathForFile(f)).filter((p) => p);
      return this.importPaths(paths, taskId, onProgress);
    },
    async importPaths(paths, taskId, onProgress) {
      const off = bridge.onProgress((event) => {
        if (event.taskId === taskId) onProgress(event);
      });
      try {
        return await track(taskId, () => bridge.importPaths({ paths, taskId }));
      } finally {
        off();
      }
    },
    cancelTask: (taskId) => cancelUntilKnown(bridge, taskId),
    async backup() {
      // The desktop shell asks where to save it.
      return (await bridge.backup({ file: '' })).file;
    },
    async exportAnnotations(req, onProgress) {
      const off = bridge.onProgress((event) => {
        if (event.taskId === req.taskId) onProgress(event);
      });
      try {
        // Without `out` the desktop shell asks where to save (its save dialog) before exporting.
        const report = await track(req.taskId, () => bridge.exportAnnotations(req as ExportRequest));
        return { report, saved: report.cancelled ? null : report.out };
      } finally {
        off();
      }
    },
  };
}

/** The token from the URL `pith serve` printed (#token=…), kept for reloads, then taken out of the address bar. */
function takeToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-fA-F]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem('pith-token', match[1]!);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1]!;
  }
  return sessionStorage.getItem('pith-token');
}

function createClient(): Client {
  if (window.pith) return electronClient(window.pith);
  return httpClient(takeToken() ?? '');
}

export const client: Client = createClient();
export const api: PithApi = client.api;

/** A message for a person from whatever went wrong. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  // Electron's bridge rejects with plain {code, message} objects (an Error loses its fields there).
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return String(error);
}

/** The contract's error code of a failure, when it has one. */
export function codeOf(error: unknown): string | null {
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : null;
  return typeof code === 'string' ? code : null;
}

export function newTaskId(): string {
  // randomUUID needs a secure context; a custom app:// scheme may not count as one.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
