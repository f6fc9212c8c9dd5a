/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { PithApi, ProgressEvent } from '../core/api.ts';

declare global {
  /** What the Electron preload exposes: the contract, plus the shell's own events. */
  interface PithBridge extends PithApi {
    onProgress(callback: (event: ProgressEvent) => void): () => void;
    onMenu(callback: (action: string, detail: { paths?: string[]; message?: string }) => void): () => void;
    pathForFile(file: File): string;
  }
  interface Window {
    pith?: PithBridge;
  }
}
