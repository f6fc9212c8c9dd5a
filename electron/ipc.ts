// What main and preload agree on: channel names, the reply envelope, the menu actions and the
// shape of `window.pith`. No Node or Electron imports: the sandboxed preload bundles this file.
import type { ApiMethod, ErrorCode, PithApi, ProgressEvent } from '../core/api.ts';

/** Channel of one API method: `pith:importPaths`, `pith:search`, … */
export const methodChannel = (name: ApiMethod): string => `pith:${name}`;

/** main → renderer: progress of a long task the renderer started. */
export const PROGRESS_CHANNEL = 'pith:progress';
/** main → renderer: a menu item (or a drop the page left alone) that the UI acts on. */
export const MENU_CHANNEL = 'pith:menu';
/** renderer → main: a path the user gave by dropping or choosing a file (see grants.ts). */
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
}
