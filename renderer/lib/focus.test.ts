// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { currentOpener, returnFocus } from './focus.ts';

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(null)));

function setup(): { opener: HTMLButtonElement; other: HTMLButtonElement; dialog: HTMLDialogElement; inside: HTMLButtonElement } {
  document.body.innerHTML = '<button id="opener">Export</button><button id="other">Other</button><dialog><button id="inside">Close</button></dialog>';
  return {
    opener: document.querySelector('#opener')!,
    other: document.querySelector('#other')!,
    dialog: document.querySelector('dialog')!,
    inside: document.querySelector('#inside')!,
  };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('focus back to the opener', () => {
  it('remembers the focused control and gives focus back to it', async () => {
    const { opener } = setup();
    opener.focus();
    const saved = currentOpener();
    expect(saved).toBe(opener);
    (document.activeElement as HTMLElement).blur();
    returnFocus(saved);
    await frame();
    expect(document.activeElement).toBe(opener);
  });

  it('still knows a control that lost focus to <body> when asked (a button disabled by its work)', () => {
    const { opener } = setup();
    opener.focus();
    opener.blur();
    opener.disabled = true;
    expect(currentOpener()).toBeNull();
    expect(currentOpener(true)).toBe(opener);
  });

  it('falls back when the opener is gone or disabled', async () => {
    const { opener, other } = setup();
    opener.focus();
    const saved = currentOpener();
    opener.remove();
    returnFocus(saved, () => null, () => other);
    await frame();
    expect(document.activeElement).toBe(other);
  });

  it('leaves focus alone when it already went somewhere on purpose', async () => {
    const { opener, other } = setup();
    opener.focus();
    const saved = currentOpener();
    other.focus();
    returnFocus(saved);
    await frame();
    expect(document.activeElement).toBe(other);
  });
});
