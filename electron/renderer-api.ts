// `window.pith`, built in the preload from API_METHODS (no method written twice). Pure: the
// preload hands it the port client (calls and progress, to the core host) and a thin wrapper over
// ipcRenderer and webUtils (menus, grants), and tests hand it fakes.
// Never passes an IpcRendererEvent or a MessagePort to the page.
import { API_METHODS, type ApiMethod, type ProgressEvent } from '../core/api.ts';
import {
  MENU_CHANNEL,
  type Envelope,
  type MenuAction,
  type MenuDetail,
  type PithRejection,
  type PithWindowApi,
} from './ipc.ts';
import { originalUrl } from './security.ts';

export interface PreloadIpc {
  /** One call of the contract, to the core host; resolves with its Envelope. */
  call(method: ApiMethod, request: unknown): Promise<unknown>;
  /** Progress of the long tasks this window started; returns the unsubscribe. */
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** Subscribes to a main → renderer channel with the payload only; returns the unsubscribe. */
  on(channel: string, listener: (payload: unknown) => void): () => void;
  /** Tells main (and through it the core host) a path the user gave. */
  grant(path: string): void;
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
        reply = await ipc.call(name as ApiMethod, request);
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
      return ipc.onProgress((event) => callback(event));
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
      if (typeof found === 'string' && found !== '') ipc.grant(found);
      return typeof found === 'string' ? found : '';
    },
    originalUrl(id: string): string {
      return originalUrl(String(id));
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
