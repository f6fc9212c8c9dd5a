// The preload: runs sandboxed and context-isolated, so it can require only 'electron'. It is
// bundled to one CommonJS file (scripts/build-electron.js) and exposes `window.pith`, built from
// API_METHODS in renderer-api.ts, and nothing else: no ipcRenderer, no ports, no events, no Node.
// Calls go over a MessagePort to the core host (main hands it out on request, and a new one
// after the host restarted); menus and grants go to main over IPC.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { CONNECT_CHANNEL, CORE_CHANNEL, GRANT_CHANNEL, PORT_CHANNEL } from './ipc.ts';
import { createPortClient } from './port-client.ts';
import { createPithWindowApi, installDropFallback, type PreloadIpc } from './renderer-api.ts';

const core = createPortClient();
ipcRenderer.on(PORT_CHANNEL, (event: IpcRendererEvent) => {
  const port = event.ports?.[0];
  if (port) core.attach(port);
});
ipcRenderer.on(CORE_CHANNEL, () => core.detach());

const ipc: PreloadIpc = {
  call: (method, request) => core.call(method, request),
  onProgress: (listener) => core.onProgress(listener),
  on(channel, listener) {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
  // Calls wait until main says the core host knows the path.
  grant: (path) => core.after(ipcRenderer.invoke(GRANT_CHANNEL, path)),
  pathForFile: (file) => webUtils.getPathForFile(file),
};

const side = createPithWindowApi(ipc);
contextBridge.exposeInMainWorld('pith', side.windowApi);
installDropFallback(window, side);
ipcRenderer.send(CONNECT_CHANNEL);
