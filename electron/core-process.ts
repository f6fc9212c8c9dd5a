// The main process's side of the core host: starts the utility process, opens the archive in it,
// hands each window a MessagePort to it, forwards grants, and starts it again when it dies. Pure
// of Electron (main.ts injects utilityProcess.fork and MessageChannelMain), so the restart and
// grant rules are tested without it.
import { PithError } from '../core/api.ts';
import { createControlLink, type ControlLink } from './control-link.ts';
import { HOST_STOPPED_MESSAGE, type ControlMessage, type HostOperation, type HostOperations } from './core-protocol.ts';
import type { SaveChoice } from './grants.ts';

/** Electron's MessagePortMain, as far as main uses it. */
export interface MainPort {
  close(): void;
}

/** Electron's UtilityProcess, as far as main uses it. */
export interface UtilityLike {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  postMessage(message: unknown, transfer?: MainPort[]): void;
  kill(): boolean;
}

export interface CoreProcessOptions {
  fork(): UtilityLike;
  channel(): { port1: MainPort; port2: MainPort };
  archiveDir: string;
  /** Shows main's Save dialog for an export or backup the host was asked for. */
  choose(choice: SaveChoice): Promise<string | null>;
  /** The host died. `restarting`: it is being started again; else it died too often, and the user decides. */
  onStopped(restarting: boolean): void;
  /** The host is up again after a restart: windows need new ports. */
  onRestarted(): void;
  log?: (message: string, error?: unknown) => void;
  /** Automatic restarts allowed within `restartWindowMs` before asking the user. */
  maxRestarts?: number;
  restartWindowMs?: number;
  now?: () => number;
}

export class CoreProcess {
  private child: UtilityLike | null = null;
  private link: ControlLink | null = null;
  private readonly granted: string[] = [];
  private readonly restarts: number[] = [];
  private stopping = false;
  /** The running host opened the archive; one that dies before that is not restarted. */
  private ready = false;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(private readonly options: CoreProcessOptions) {
    this.log = options.log ?? ((message, error) => console.error(message, error ?? ''));
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the host and opens the archive in it; rejects (one sentence) when it cannot. */
  async start(): Promise<void> {
    this.stopping = false;
    this.ready = false;
    const child = this.options.fork();
    const link = createControlLink(
      (message) => child.postMessage(message),
      (op, args) => this.answer(op, args),
      this.log,
    );
    this.child = child;
    this.link = link;
    child.on('message', (message) => {
      if (!link.receive(message as ControlMessage)) this.log('pith: main ignored a message from the core host');
    });
    child.on('exit', (code) => this.exited(child, code));
    // Grants first: the host handles its parentPort's messages in order.
    const replayed = this.granted.map((path) => this.call('grant', { path }));
    await this.call('open', { archiveDir: this.options.archiveDir });
    await Promise.all(replayed);
    this.ready = true;
  }

  /** Asks the host for `op` (see HostOperations). */
  call<K extends HostOperation>(op: K, args: HostOperations[K]): Promise<unknown> {
    if (!this.link) return Promise.reject(new PithError('archive', HOST_STOPPED_MESSAGE));
    return this.link.call(op, args);
  }

  /** A path the user gave; kept, so that a restarted host knows it too. Resolves once the host knows it. */
  async grant(path: string): Promise<void> {
    this.granted.push(path);
    if (!this.link) return;
    try {
      await this.call('grant', { path });
    } catch (error) {
      // The host died meanwhile: the restarted one gets the path with the others.
      this.log('pith: could not pass a grant to the core host', error);
    }
  }

  /** A new channel between window `window` (its main frame at `url`) and the host; returns the window's end. */
  connect(window: number, url: string): MainPort | null {
    if (!this.child) return null;
    const { port1, port2 } = this.options.channel();
    this.child.postMessage({ kind: 'connect', window, url } satisfies ControlMessage, [port1]);
    return port2;
  }

  disconnect(window: number): void {
    this.child?.postMessage({ kind: 'disconnect', window } satisfies ControlMessage);
  }

  /** Closes the archive (running tasks stop, the database closes), then ends the host. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return;
    try {
      await this.call('close', {});
    } catch (error) {
      this.log('pith: closing the archive failed', error);
    }
    child.kill();
    this.child = null;
    this.link = null;
  }

  private async answer(op: string, args: unknown): Promise<unknown> {
    if (op === 'choose') return this.options.choose(args as SaveChoice);
    throw new PithError('invalid', `Main has no operation named ${String(op).slice(0, 40)}.`);
  }

  private exited(child: UtilityLike, code: number): void {
    if (child !== this.child) return;
    this.child = null;
    const link = this.link;
    this.link = null;
    link?.failAll(HOST_STOPPED_MESSAGE);
    if (this.stopping || !this.ready) return;
    this.log(`pith: the core host stopped (exit code ${code})`);
    const now = (this.options.now ?? Date.now)();
    const windowMs = this.options.restartWindowMs ?? 60_000;
    while (this.restarts.length > 0 && now - this.restarts[0]! > windowMs) this.restarts.shift();
    const restarting = this.restarts.length < (this.options.maxRestarts ?? 3);
    this.options.onStopped(restarting);
    if (restarting) void this.restart();
  }

  /** Starts the host again (automatically, or when the user asks after too many failures). */
  async restart(): Promise<void> {
    this.restarts.push((this.options.now ?? Date.now)());
    try {
      await this.start();
      this.options.onRestarted();
    } catch (error) {
      this.log('pith: the core host could not start again', error);
    }
  }
}
