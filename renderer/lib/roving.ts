// One tab stop for a group of controls, arrow keys inside (WAI-ARIA APG "roving tabindex"):
// the sidebar's lists, the library's column headers, tag chips and colour swatches are each one
// Tab, not one per item. The item that takes the tab stop is the one last focused, else the one
// marked current/pressed/checked/selected, else the first.

export interface RovingOptions {
  /** Which descendants are the items (default: buttons). */
  selector?: string;
  /** Which arrow keys move: Up/Down, Left/Right, or both. */
  orientation?: 'vertical' | 'horizontal' | 'both';
  /** From the last item to the first and back. */
  wrap?: boolean;
}

const MARKED = '[aria-current]:not([aria-current="false"]), [aria-pressed="true"], [aria-checked="true"], [aria-selected="true"]';

export function roving(node: HTMLElement, options: RovingOptions = {}) {
  let opts: Required<RovingOptions> = { selector: 'button', orientation: 'vertical', wrap: false, ...options };
  let current: HTMLElement | null = null;

  function all(): HTMLElement[] {
    return [...node.querySelectorAll<HTMLElement>(opts.selector)].filter((el) => !(el as HTMLButtonElement).disabled);
  }

  /** The items one can move to: enabled and shown (a column hidden at this width is skipped). */
  function items(): HTMLElement[] {
    return all().filter((el) => !el.closest('[hidden]') && (typeof el.checkVisibility !== 'function' || el.checkVisibility()));
  }

  function update(): void {
    const every = all();
    // While the whole group is hidden (a closed drawer) its items still get their tabindex, so
    // that it is one stop the moment it shows.
    const shown = items();
    const list = shown.length > 0 ? shown : every;
    const active = document.activeElement as HTMLElement | null;
    const stop = active && list.includes(active) ? active : current && list.includes(current) ? current : (list.find((el) => el.matches(MARKED)) ?? list[0]);
    for (const el of every) {
      const want = el === stop ? '0' : '-1';
      if (el.getAttribute('tabindex') !== want) el.setAttribute('tabindex', want);
    }
  }

  function onFocusIn(event: FocusEvent): void {
    const target = event.target as HTMLElement;
    if (!items().includes(target)) return;
    current = target;
    update();
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const list = items();
    const i = list.indexOf(event.target as HTMLElement);
    if (i === -1) return;
    const vertical = opts.orientation !== 'horizontal';
    const horizontal = opts.orientation !== 'vertical';
    let next: number;
    if ((event.key === 'ArrowDown' && vertical) || (event.key === 'ArrowRight' && horizontal)) next = i + 1;
    else if ((event.key === 'ArrowUp' && vertical) || (event.key === 'ArrowLeft' && horizontal)) next = i - 1;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = list.length - 1;
    else return;
    next = opts.wrap ? (next + list.length) % list.length : Math.max(0, Math.min(list.length - 1, next));
    event.preventDefault();
    current = list[next]!;
    update();
    current.focus();
  }

  // Items come and go (tags added, rows re-rendered, a column hidden): keep one stop.
  const observer = new MutationObserver(() => update());
  observer.observe(node, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'hidden', 'aria-pressed', 'aria-current', 'aria-checked', 'aria-selected'] });
  // Shown or hidden by a resize (container queries) without any DOM change.
  const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => update()) : null;
  resize?.observe(node);
  node.addEventListener('focusin', onFocusIn);
  node.addEventListener('keydown', onKeyDown);
  update();

  return {
    update(next: RovingOptions = {}): void {
      opts = { selector: 'button', orientation: 'vertical', wrap: false, ...next };
      update();
    },
    destroy(): void {
      observer.disconnect();
      resize?.disconnect();
      node.removeEventListener('focusin', onFocusIn);
      node.removeEventListener('keydown', onKeyDown);
    },
  };
}
