// Focus goes back where it was when a dialog, a drawer or an inline form closes (WCAG 2.4.3):
// the opener is remembered when it opens, and focused again when it closes. An opener that went
// away meanwhile (its row re-rendered, its button disabled during an import) falls back to the
// next best place the caller names, never to <body>.

let lastFocused: HTMLElement | null = null;

function trackable(el: EventTarget | null): el is HTMLElement {
  return el instanceof HTMLElement && el !== document.body && !el.closest('dialog');
}

if (typeof document !== 'undefined') {
  // The last control outside any dialog that had focus: the opener even when it lost focus on
  // the way (a button disabled while its work runs drops focus to <body>).
  document.addEventListener('focusin', (event) => {
    if (trackable(event.target)) lastFocused = event.target;
  });
}

/**
 * What to give focus back to once the dialog or drawer about to open closes. With
 * `orLastFocused`, a control that just lost focus to <body> (the Import button, disabled while
 * the import it started runs) still counts.
 */
export function currentOpener(orLastFocused = false): HTMLElement | null {
  const active = document.activeElement;
  if (trackable(active)) return active;
  return orLastFocused && lastFocused?.isConnected ? lastFocused : null;
}

export function canFocus(el: HTMLElement | null | undefined): el is HTMLElement {
  if (!el || !el.isConnected) return false;
  if ((el as HTMLButtonElement).disabled) return false;
  if (el.closest('[inert], [hidden]')) return false;
  return typeof el.checkVisibility === 'function' ? el.checkVisibility() : true;
}

/**
 * Focuses the opener, or the first of the fallbacks that can take focus, unless focus already
 * went somewhere on purpose. Runs on the next frame, after the closing change has been drawn,
 * so a button re-enabled by the same change counts as focusable.
 */
export function returnFocus(opener: HTMLElement | null, ...fallbacks: (() => HTMLElement | null | undefined)[]): void {
  requestAnimationFrame(() => {
    const active = document.activeElement as HTMLElement | null;
    const lost = !active || active === document.body || !canFocus(active) || Boolean(active.closest('dialog:not([open])'));
    if (!lost && active !== opener) return;
    if (canFocus(opener)) return opener.focus();
    for (const fallback of fallbacks) {
      const el = fallback();
      if (canFocus(el)) return el.focus();
    }
  });
}
