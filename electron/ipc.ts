// What main and preload agree on: channel names, the reply envelope, the menu actions and the
// shape of `window.pith`. No Node or Electron imports: the sandboxed preload bundles this file.
// The contract's calls do not travel on these channels: they go over a MessagePort straight to
// the core host (core-protocol.ts); main only hands the port out.
import type { ApiMethod, ErrorCode, PithApi, ProgressEvent } from '../core/api.ts';

/** renderer → main: the preload asks for a MessagePort to the core host (at load, and again after a reload). */
export const CONNECT_CHANNEL = 'pith:connect';
/** main → renderer: the port, in the event's `ports`. */
export const PORT_CHANNEL = 'pith:port';
/** main → renderer: the core host stopped (`{ state: 'stopped' }`); a new port follows when it is up again. */
export const CORE_CHANNEL = 'pith:core';
/** The dispatcher's name for progress it sends a window (over the port, as a `progress` message). */
export const PROGRESS_CHANNEL = 'pith:progress';
/** main → renderer: a menu item (or a drop the page left alone) that the UI acts on. */
export const MENU_CHANNEL = 'pith:menu';
/** renderer → main (invoke): a path the user gave by dropping or choosing a file (see grants.ts); answered once the core host knows it. */
export const GRANT_CHANNEL = 'pith:grant';

export interface BridgeError {
  code: ErrorCode;
  message: string;
}

/** Every reply of the bridge: errors travel as data, since Electron strips what an Error carries. */
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: BridgeError };

/**
 * What the UI is asked to do from the native menu:
 * - `import`: open the UI's own file picker (File › Import…);
 * - `import-paths`: import `detail.paths`, already chosen and granted (File › Import Folder…, or
 *   files dropped where the page did not handle the drop), as a drop would, with progress and report;
 * - `export`: open the export dialog; `library`, `board`, `tags`: show that view;
 * - `backup-done`: a backup made from the File menu finished (`detail.message`).
 */
export type MenuAction = 'import' | 'import-paths' | 'export' | 'library' | 'board' | 'tags' | 'backup-done';

export interface MenuDetail {
  paths?: string[];
  message?: string;
}

/**
 * The rejection value of a `window.pith` call: a plain object, since the context bridge reduces an
 * Error to its message. `String(rejection)` is the message.
 */
export interface PithRejection extends BridgeError {
  name: 'PithError';
  toString(): string;
}

/** The API methods as the renderer sees them: the request only, no CallContext. */
export type RendererMethods = {
  [K in ApiMethod]: [] extends Parameters<PithApi[K]>
    ? (request?: Parameters<PithApi[K]>[0]) => ReturnType<PithApi[K]>
    : (request: Parameters<PithApi[K]>[0]) => ReturnType<PithApi[K]>;
};

/** `window.pith` in Electron. */
export interface PithWindowApi extends RendererMethods {
  /** Progress of the long tasks this window started; returns the unsubscribe function. */
  onProgress(callback: (event: ProgressEvent) => void): () => void;
  /** Native menu actions (and drops the page did not handle); returns the unsubscribe function. */
  onMenu(callback: (action: MenuAction, detail: MenuDetail) => void): () => void;
  /** The file system path of a dropped or chosen File ('' for a File made by script). */
  pathForFile(file: File): string;
  /** Where the reader fetches a document's original from (by ranges): pith-original://original/<id>. */
  originalUrl(id: string): string;
}
