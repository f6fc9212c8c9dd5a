import { describe, expect, it } from 'vitest';
import { UndoStack, type UndoStep } from './undo.ts';

function step(label: string, log: string[], fail = false): UndoStep {
  return {
    label,
    run: async () => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error(`${label} failed`);
      log.push(label);
    },
  };
}

describe('UndoStack', () => {
  it('runs the newest step first, each once, and answers null when empty', async () => {
    const log: string[] = [];
    const stack = new UndoStack();
    stack.push(step('create', log));
    stack.push(step('edit', log));
    expect((await stack.undo())?.label).toBe('edit');
    expect((await stack.undo())?.label).toBe('create');
    expect(await stack.undo()).toBeNull();
    expect(log).toEqual(['edit', 'create']);
  });

  it('runs a chosen step out of order (a toast’s Undo), and never twice', async () => {
    const log: string[] = [];
    const stack = new UndoStack();
    const first = step('first', log);
    stack.push(first);
    stack.push(step('second', log));
    expect((await stack.undo(first))?.label).toBe('first');
    expect(await stack.undo(first)).toBeNull();
    expect(stack.size).toBe(1);
    expect(log).toEqual(['first']);
  });

  it('queues quick calls so steps never interleave', async () => {
    const log: string[] = [];
    const stack = new UndoStack();
    stack.push(step('a', log));
    stack.push(step('b', log));
    stack.push(step('c', log));
    const done = await Promise.all([stack.undo(), stack.undo(), stack.undo(), stack.undo()]);
    expect(done.map((s) => s?.label ?? null)).toEqual(['c', 'b', 'a', null]);
    expect(log).toEqual(['c', 'b', 'a']);
  });

  it('drops a step that fails, reports it, and goes on with the next', async () => {
    const log: string[] = [];
    const stack = new UndoStack();
    stack.push(step('ok', log));
    stack.push(step('bad', log, true));
    await expect(stack.undo()).rejects.toThrow('bad failed');
    expect((await stack.undo())?.label).toBe('ok');
  });

  it('keeps only the newest steps past its limit', async () => {
    const log: string[] = [];
    const stack = new UndoStack(2);
    for (const label of ['1', '2', '3']) stack.push(step(label, log));
    expect(stack.size).toBe(2);
    await stack.undo();
    await stack.undo();
    expect(await stack.undo()).toBeNull();
    expect(log).toEqual(['3', '2']);
  });
});
