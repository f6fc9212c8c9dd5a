// What the three processes of the desktop app say to each other about the core, which runs in
// its own Electron utilityProcess (core-host.ts) so that nothing slow ever runs on the main
// process. No Node or Electron imports: the sandboxed preload bundles this file.
//
//   renderer (preload) ──MessagePort──▶ core host     the API contract: calls, replies, progress
//   main ──parentPort──▶ core host                    opening the archive, grants, menu work
//   core host ──parentPort──▶ main                    "show a Save dialog", replies
import type { ApiMethod, ProgressEvent } from '../core/api.ts';
import type { SaveChoice } from './grants.ts';
import type { Envelope } from './ipc.ts';

// ── renderer ⇄ core host, over the MessagePort main hands the preload ──

/** A call of the contract; `id` pairs it with its reply. */
export interface PortCall {
  kind: 'call';
  id: number;
  method: ApiMethod;
  request?: unknown;
}

export type PortMessage =
  | { kind: 'reply'; id: number; envelope: Envelope }
  | { kind: 'progress'; event: ProgressEvent };

// ── main ⇄ core host, over the utility process's parentPort ──

/** The work main asks of the core host, each answered by one `Envelope`. */
export interface HostOperations {
  /** Opens the archive (creating or migrating it); every other call waits for this one. */
  open: { archiveDir: string };
  /**
   * A path the user gave (dropped, or chosen in an Open dialog). Answered, so that the preload
   * sends a call that uses the path only once the host knows it (see port-client.ts `after`).
   */
  grant: { path: string };
  /** Where a document's original is on disk, for the pith-original:// protocol. */
  originalFile: { id: string };
  /** File › Back Up…: `file` is what the user chose in main's Save dialog. */
  backup: { file: string; window: number };
  /** File › Restore…: restores into `staging`, then swaps it in for the open archive. */
  restore: { file: string; staging: string; previous: string; window: number };
  /** Closes the archive (quitting): running tasks stop, the database closes. */
  close: Record<string, never>;
}
export type HostOperation = keyof HostOperations;

/** What the core host asks of main: a Save or Choose Folder dialog (answered by a path or null). */
export interface MainOperations {
  choose: SaveChoice;
}
export type MainOperation = keyof MainOperations;

/** One message on the parentPort, either way. `ports` of a `connect` carries the renderer's end. */
export type ControlMessage =
  | { kind: 'request'; id: number; op: string; args: unknown }
  | { kind: 'response'; id: number; envelope: Envelope }
  /** main → host: the MessagePort of a window (contents id), in the message's ports. */
  | { kind: 'connect'; window: number; url: string }
  /** main → host: the window closed, crashed or reloaded: its tasks stop, its ports close. */
  | { kind: 'disconnect'; window: number };

/** The sentence a window shows when its calls were lost with the core host. */
export const HOST_STOPPED_MESSAGE = "Pith's archive process stopped unexpectedly and is starting again; try that once more in a moment.";
