// Groups the writes of many documents into one SQLite transaction: the commit, and FTS5's writing
// of its pending terms as a new segment, are paid once per group instead of once per document.
// There is no savepoint per document, because FTS5 flushes a segment at every savepoint
// (bench/experiments/fts-flush.ts). A write that throws instead rolls the whole group back, and the
// group is then written again one document per transaction, so the failing one fails alone and a
// crash still leaves only whole documents.
import type { Db } from '../../db/open.ts';

interface Pending {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface WriteQueueOptions {
  /** Commit when this many documents wait. */
  maxDocuments?: number;
  /** Commit at the latest this long after the first write waits, in milliseconds. */
  maxDelayMs?: number;
}

export class WriteQueue {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly maxDocuments: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly db: Db,
    options: WriteQueueOptions = {},
  ) {
    this.maxDocuments = options.maxDocuments ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 100;
  }

  /** Runs `write` within the next group commit. */
  enqueue<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length >= this.maxDocuments) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
    });
  }

  /** Commits everything waiting now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let values: unknown[];
    try {
      values = this.db.transaction(() => batch.map((item) => item.write()))();
    } catch {
      // One write failed, or the commit did (disk full, read-only): nothing of the group was kept.
      for (const item of batch) this.writeAlone(item);
      return;
    }
    batch.forEach((item, i) => item.resolve(values[i]));
  }

  private writeAlone(item: Pending): void {
    try {
      item.resolve(this.db.transaction(item.write)());
    } catch (error) {
      item.reject(error);
    }
  }
}
