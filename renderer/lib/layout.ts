// Which layout fits the window. Wide: the sidebar and the annotations panel beside the text.
// Compact (a 1024 px laptop): the sidebar shrinks to icons and the panel becomes a drawer, so
// the reading column keeps its measure. Narrow (a half-screen window): both are drawers.
export type LayoutMode = 'wide' | 'compact' | 'narrow';

/** Below this window width the sidebar is icons and the annotations panel a drawer. */
export const COMPACT_BELOW = 1100;
/** Below this width the sidebar is a drawer too. */
export const NARROW_BELOW = 800;

export function layoutFor(width: number): LayoutMode {
  if (width < NARROW_BELOW) return 'narrow';
  if (width < COMPACT_BELOW) return 'compact';
  return 'wide';
}
