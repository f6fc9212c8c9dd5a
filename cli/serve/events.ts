// Progress of long tasks as Server-Sent Events. EventSource cannot set headers, so the stream
// is opened with the token in its query; every open stream gets every task's progress (they all
// belong to the one user holding the token).
import type { ServerResponse } from 'node:http';
import type { ProgressEvent } from '../../core/types.ts';

export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor(keepAliveMs = 15_000) {
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), keepAliveMs);
    this.keepAlive.unref();
  }

  add(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\nevent: ready\ndata: {}\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  progress(event: ProgressEvent): void {
    this.write(`event: progress\ndata: ${JSON.stringify(event)}\n\n`);
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.keepAlive);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(chunk: string): void {
    for (const res of this.clients) res.write(chunk);
  }
}
