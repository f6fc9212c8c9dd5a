// The layout mode of the window and the two drawers (the sidebar below NARROW_BELOW, the
// annotations panel below COMPACT_BELOW). The mode is also on <html data-layout> so that CSS
// anywhere can follow it without repeating the breakpoints.
import { COMPACT_BELOW, layoutFor, NARROW_BELOW, type LayoutMode } from '../lib/layout.ts';

export const layout = $state({
  mode: 'wide' as LayoutMode,
  sidebarOpen: false,
  panelOpen: false,
});

/** The annotations panel is a drawer (opened on demand) rather than a column beside the text. */
export function panelIsDrawer(): boolean {
  return layout.mode !== 'wide';
}

export function sidebarIsDrawer(): boolean {
  return layout.mode === 'narrow';
}

function measure(): void {
  const mode = layoutFor(window.innerWidth);
  if (mode === layout.mode && document.documentElement.dataset.layout === mode) return;
  layout.mode = mode;
  // A drawer left open across a change of mode would reappear as a column or cover the page.
  layout.sidebarOpen = false;
  layout.panelOpen = false;
  document.documentElement.dataset.layout = mode;
}

let started = false;

export function startLayout(): void {
  measure();
  if (started) return;
  started = true;
  // matchMedia fires only when a breakpoint is crossed, not on every pixel of a resize.
  for (const query of [`(max-width: ${COMPACT_BELOW - 0.02}px)`, `(max-width: ${NARROW_BELOW - 0.02}px)`]) {
    window.matchMedia(query).addEventListener('change', measure);
  }
}
