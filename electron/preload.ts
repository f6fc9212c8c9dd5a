// The preload: runs sandboxed and context-isolated, so it can require only 'electron'. It is
// bundled to one CommonJS file (scripts/build-electron.js) and exposes `window.pith`, built from
// API_METHODS in renderer-api.ts, and nothing else: no ipcRenderer, no events, no Node.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { createPithWindowApi, installDropFallback, type PreloadIpc } from './renderer-api.ts';

const ipc: PreloadIpc = {
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  on(channel, listener) {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
  send: (channel, payload) => ipcRenderer.send(channel, payload),
  pathForFile: (file) => webUtils.getPathForFile(file),
};

const side = createPithWindowApi(ipc);
contextBridge.exposeInMainWorld('pith', side.windowApi);
installDropFallback(window, side);
