// The renderer's undo stack: each annotation change the user makes leaves the step that reverts
// it (create → delete, edit → the previous values, delete → restore under the same id). Steps run
// one at a time, newest first; a step that fails is dropped, so the stack never jams.

export interface UndoStep {
  /** What the step reverts, for the message after it ran ("Highlight restored."). */
  label: string;
  run: () => Promise<void>;
}

export class UndoStack {
  private steps: UndoStep[] = [];
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly limit = 50) {}

  get size(): number {
    return this.steps.length;
  }

  push(step: UndoStep): void {
    this.steps.push(step);
    if (this.steps.length > this.limit) this.steps.shift();
  }

  /** Forgets a step (its toast's Undo runs it directly, out of order, so it must not run twice). */
  remove(step: UndoStep): boolean {
    const i = this.steps.lastIndexOf(step);
    if (i === -1) return false;
    this.steps.splice(i, 1);
    return true;
  }

  /**
   * Runs the newest step, or the given one if it is still waiting; resolves to the step that ran,
   * or null when there was none. Calls are queued so two quick Ctrl+Z never interleave.
   */
  undo(step?: UndoStep): Promise<UndoStep | null> {
    const next = this.running.then(async () => {
      const chosen = step ? (this.remove(step) ? step : null) : (this.steps.pop() ?? null);
      if (chosen) await chosen.run();
      return chosen;
    });
    this.running = next.catch(() => undefined);
    return next;
  }

  clear(): void {
    this.steps = [];
  }
}
