// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { roving } from './roving.ts';

function group(html: string): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = html;
  document.body.append(root);
  return root;
}

const stops = (root: HTMLElement) => [...root.querySelectorAll('button')].map((b) => b.getAttribute('tabindex'));
const press = (el: Element, key: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('roving tabindex', () => {
  it('makes the group one tab stop, on the first item', () => {
    const root = group('<button>a</button><button>b</button><button>c</button>');
    roving(root);
    expect(stops(root)).toEqual(['0', '-1', '-1']);
  });

  it('puts the stop on the pressed or current item', () => {
    const root = group('<button>a</button><button aria-pressed="true">b</button><button>c</button>');
    roving(root);
    expect(stops(root)).toEqual(['-1', '0', '-1']);
  });

  it('moves focus and the stop with the arrow keys, Home and End, without wrapping', () => {
    const root = group('<button>a</button><button>b</button><button>c</button>');
    roving(root);
    const [a, b, c] = [...root.querySelectorAll('button')];
    a!.focus();
    press(a!, 'ArrowDown');
    expect(document.activeElement).toBe(b);
    expect(stops(root)).toEqual(['-1', '0', '-1']);
    press(b!, 'End');
    expect(document.activeElement).toBe(c);
    press(c!, 'ArrowDown');
    expect(document.activeElement).toBe(c);
    press(c!, 'Home');
    expect(document.activeElement).toBe(a);
    press(a!, 'ArrowUp');
    expect(document.activeElement).toBe(a);
  });

  it('uses Left and Right for a horizontal group, and wraps when asked', () => {
    const root = group('<button>a</button><button>b</button>');
    roving(root, { orientation: 'horizontal', wrap: true });
    const [a, b] = [...root.querySelectorAll('button')];
    a!.focus();
    press(a!, 'ArrowDown');
    expect(document.activeElement).toBe(a);
    press(a!, 'ArrowLeft');
    expect(document.activeElement).toBe(b);
    press(b!, 'ArrowRight');
    expect(document.activeElement).toBe(a);
  });

  it('skips disabled items and leaves other keys and controls alone', () => {
    const root = group('<button>a</button><button disabled>b</button><button>c</button><input>');
    roving(root);
    const [a, , c] = [...root.querySelectorAll('button')];
    a!.focus();
    press(a!, 'ArrowDown');
    expect(document.activeElement).toBe(c);
    const input = root.querySelector('input')!;
    const event = new KeyboardEvent('keydown', { key: 'Home', bubbles: true, cancelable: true });
    input.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });

  it('keeps one stop when items come and go, remembering the last one focused', async () => {
    const root = group('<button>a</button><button>b</button>');
    roving(root);
    const b = root.querySelectorAll('button')[1]!;
    b.focus();
    b.blur();
    root.insertAdjacentHTML('beforeend', '<button>c</button>');
    await flush();
    expect(stops(root)).toEqual(['-1', '0', '-1']);
    b.remove();
    await flush();
    expect(stops(root)).toEqual(['0', '-1']);
  });
});
