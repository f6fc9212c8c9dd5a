// `window.pith`, built in the preload from API_METHODS (no method written twice). Pure: the
// preload hands it a thin wrapper over ipcRenderer and webUtils, and tests hand it fakes.
// Never passes an IpcRendererEvent to the page (its `sender` would be ipcRenderer itself).
import { API_METHODS, type ApiMethod, type ProgressEvent } from '../core/api.ts';
import {
  GRANT_CHANNEL,
  MENU_CHANNEL,
  PROGRESS_CHANNEL,
  methodChannel,
  type Envelope,
  type MenuAction,
  type MenuDetail,
  type PithRejection,
  type PithWindowApi,
} from './ipc.ts';

export interface PreloadIpc {
  invoke(channel: string, request: unknown): Promise<unknown>;
  /** Subscribes to a main → renderer channel with the payload only; returns the unsubscribe. */
  on(channel: string, listener: (payload: unknown) => void): () => void;
  send(channel: string, payload: unknown): void;
  /** webUtils.getPathForFile. */
  pathForFile(file: File): string;
}

export function rejection(code: PithRejection['code'], message: string): PithRejection {
  return { name: 'PithError', code, message, toString: () => message };
}

function unwrap(reply: unknown): unknown {
  const envelope = reply as Envelope | null;
  if (envelope && envelope.ok === true) return envelope.value;
  if (envelope && envelope.ok === false && envelope.error && typeof envelope.error.message === 'string')
    throw rejection(envelope.error.code, envelope.error.message);
  throw rejection('internal', 'Pith sent an answer this window does not understand.');
}

export interface PreloadSide {
  /** What the preload exposes as `window.pith`: nothing more. */
  windowApi: PithWindowApi;
  /** Delivers a menu action to the page's onMenu listeners (used by the drop fallback). */
  dispatchMenu(action: MenuAction, detail: MenuDetail): void;
}

export function createPithWindowApi(ipc: PreloadIpc): PreloadSide {
  const api: Record<string, unknown> = {};
  for (const name of API_METHODS) {
    api[name] = async (request?: unknown) => {
      let reply: unknown;
      try {
        reply = await ipc.invoke(methodChannel(name as ApiMethod), request);
      } catch (error) {
        // The request could not be sent (not plain data), or the main process is gone.
        throw rejection('invalid', `Could not send the request to ${name}: ${(error as Error)?.message ?? String(error)}`);
      }
      return unwrap(reply);
    };
  }

  const menuListeners = new Set<(action: MenuAction, detail: MenuDetail) => void>();
  const dispatchMenu = (action: MenuAction, detail: MenuDetail) => {
    for (const listener of menuListeners) {
      try {
        listener(action, detail);
      } catch (error) {
        console.error('pith: a menu listener failed', error);
      }
    }
  };
  ipc.on(MENU_CHANNEL, (payload) => {
    const { action, detail } = (payload ?? {}) as { action?: unknown; detail?: unknown };
    if (typeof action !== 'string') return;
    dispatchMenu(action as MenuAction, (typeof detail === 'object' && detail !== null ? detail : {}) as MenuDetail);
  });

  const windowApi = Object.assign(api as unknown as PithWindowApi, {
    onProgress(callback: (event: ProgressEvent) => void): () => void {
      if (typeof callback !== 'function') throw new TypeError('onProgress takes a function');
      return ipc.on(PROGRESS_CHANNEL, (payload) => callback(payload as ProgressEvent));
    },
    onMenu(callback: (action: MenuAction, detail: MenuDetail) => void): () => void {
      if (typeof callback !== 'function') throw new TypeError('onMenu takes a function');
      menuListeners.add(callback);
      return () => {
        menuListeners.delete(callback);
      };
    },
    pathForFile(file: File): string {
      let found = '';
      try {
        found = ipc.pathForFile(file);
      } catch {
        return '';
      }
      if (typeof found === 'string' && found !== '') ipc.send(GRANT_CHANNEL, found);
      return typeof found === 'string' ? found : '';
    },
  });
  return { windowApi, dispatchMenu };
}

interface DropTarget {
  addEventListener(type: string, listener: (event: DragEventLike) => void): void;
}

export interface DragEventLike {
  defaultPrevented: boolean;
  preventDefault(): void;
  dataTransfer: { files: ArrayLike<File>; types?: ArrayLike<string> } | null;
}

/**
 * Files and folders dropped where the page does not handle the drop are imported anyway: their
 * paths go to the page as the menu action 'import-paths' (as File › Import Folder… does). Runs on
 * the window in the bubble phase, so the page's own handlers come first.
 */
export function installDropFallback(target: DropTarget, side: PreloadSide): void {
  const carriesFiles = (event: DragEventLike) => {
    const types = event.dataTransfer?.types;
    return types ? Array.from(types).includes('Files') : (event.dataTransfer?.files.length ?? 0) > 0;
  };
  target.addEventListener('dragover', (event) => {
    if (carriesFiles(event)) event.preventDefault();
  });
  target.addEventListener('drop', (event) => {
    if (event.defaultPrevented) return;
    event.preventDefault();
    const files = Array.from(event.dataTransfer?.files ?? []);
    const paths = files.map((file) => side.windowApi.pathForFile(file)).filter((p) => p !== '');
    if (paths.length > 0) side.dispatchMenu('import-paths', { paths });
  });
}
