// Groups the writes of many documents into one SQLite transaction. Each document still gets its
// own savepoint, so one that fails rolls back alone, and a crash leaves only whole documents; but
// the commit, the costliest step of a small write, is paid once per group instead of per document.
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

  /** Runs `write` in its own savepoint within the next group commit. */
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
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      this.db.transaction(() => {
        for (const item of batch) {
          // A nested transaction is a savepoint: a failing write is undone alone.
          try {
            outcomes.push({ ok: true, value: this.db.transaction(item.write)() });
          } catch (error) {
            outcomes.push({ ok: false, value: error });
          }
        }
      })();
    } catch (error) {
      // The commit itself failed (disk full, read-only): nothing of the group was stored.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => (outcomes[i]!.ok ? item.resolve(outcomes[i]!.value) : item.reject(outcomes[i]!.value)));
  }
}
