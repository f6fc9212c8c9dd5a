import { describe, expect, it } from 'vitest';
import { caretMove } from './caret.ts';

const key = (k: string, mods: Partial<Record<'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {}) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('caretMove', () => {
  it('extends by character, word, line and to the line’s ends (Linux, Windows)', () => {
    expect(caretMove(key('ArrowRight', { shiftKey: true }), false)).toEqual({ direction: 'forward', granularity: 'character' });
    expect(caretMove(key('ArrowLeft', { shiftKey: true }), false)).toEqual({ direction: 'backward', granularity: 'character' });
    expect(caretMove(key('ArrowRight', { shiftKey: true, ctrlKey: true }), false)).toEqual({ direction: 'forward', granularity: 'word' });
    expect(caretMove(key('ArrowLeft', { shiftKey: true, ctrlKey: true }), false)).toEqual({ direction: 'backward', granularity: 'word' });
    expect(caretMove(key('ArrowDown', { shiftKey: true }), false)).toEqual({ direction: 'forward', granularity: 'line' });
    expect(caretMove(key('ArrowUp', { shiftKey: true }), false)).toEqual({ direction: 'backward', granularity: 'line' });
    expect(caretMove(key('End', { shiftKey: true }), false)).toEqual({ direction: 'forward', granularity: 'lineboundary' });
    expect(caretMove(key('Home', { shiftKey: true }), false)).toEqual({ direction: 'backward', granularity: 'lineboundary' });
  });

  it('uses Alt for words and Cmd for line ends on a Mac', () => {
    expect(caretMove(key('ArrowRight', { shiftKey: true, altKey: true }), true)).toEqual({ direction: 'forward', granularity: 'word' });
    expect(caretMove(key('ArrowLeft', { shiftKey: true, metaKey: true }), true)).toEqual({ direction: 'backward', granularity: 'lineboundary' });
    expect(caretMove(key('ArrowRight', { shiftKey: true, ctrlKey: true }), true)).toBeNull();
  });

  it('leaves every other key alone: no Shift, other keys, other modifiers', () => {
    expect(caretMove(key('ArrowRight'), false)).toBeNull();
    expect(caretMove(key('h', { shiftKey: true }), false)).toBeNull();
    expect(caretMove(key('ArrowDown', { shiftKey: true, ctrlKey: true }), false)).toBeNull();
    expect(caretMove(key('End', { shiftKey: true, ctrlKey: true }), false)).toBeNull();
    expect(caretMove(key('ArrowRight', { shiftKey: true, altKey: true }), false)).toBeNull();
  });
});
