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
  /** Commit when the waiting writes' sizes (as given to enqueue: characters of text) add up to this. */
  maxSize?: number;
  /** Commit at the latest this long after the first write waits, in milliseconds. */
  maxDelayMs?: number;
}

export class WriteQueue {
  private pending: Pending[] = [];
  private pendingSize = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly maxDocuments: number;
  private readonly maxSize: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly db: Db,
    options: WriteQueueOptions = {},
  ) {
    // Large groups: FTS5 turns a transaction's new terms into one segment (up to its hashsize,
    // set by migration 3), and fewer, larger segments mean less merging. A group waits at most
    // maxDelayMs; the importer flushes its last group as soon as its files are read.
    this.maxDocuments = options.maxDocuments ?? 1000;
    this.maxSize = options.maxSize ?? 8_000_000;
    this.maxDelayMs = options.maxDelayMs ?? 1000;
  }

  /** Runs `write` within the next group commit; `size` counts towards maxSize. */
  enqueue<T>(write: () => T, size = 0): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.pendingSize += size;
      if (this.pending.length >= this.maxDocuments || this.pendingSize >= this.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
    });
  }

  /** Commits everything waiting now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.pendingSize = 0;
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
