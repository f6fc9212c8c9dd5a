import type { Color } from '../../core/types.ts';

export const HIGHLIGHT_COLORS: readonly Color[] = ['yellow', 'green', 'blue', 'red', 'purple', 'orange', 'gray'];

export const COLOR_NAMES: Record<Color, string> = {
  yellow: 'Yellow',
  green: 'Green',
  blue: 'Blue',
  red: 'Red',
  purple: 'Purple',
  orange: 'Orange',
  gray: 'Gray',
};

/** Fill colors for PDF overlays (canvas space has no CSS variables); translucent so text shows through. */
export const PDF_FILL: Record<Color, string> = {
  yellow: 'rgba(255, 212, 0, 0.38)',
  green: 'rgba(60, 200, 90, 0.32)',
  blue: 'rgba(60, 140, 255, 0.30)',
  red: 'rgba(255, 80, 80, 0.30)',
  purple: 'rgba(170, 90, 255, 0.30)',
  orange: 'rgba(255, 150, 30, 0.34)',
  gray: 'rgba(140, 140, 140, 0.32)',
};

/** A tag's color as CSS: a palette name maps to the theme's variable, #rrggbb stays as it is. */
export function tagColor(color: string | null | undefined): string {
  if (!color) return 'var(--c-gray)';
  return /^#[0-9a-f]{6}$/i.test(color) ? color : `var(--c-${color})`;
}
