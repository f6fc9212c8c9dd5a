// The colour theme the user chose and the one in effect. "System" follows the OS's
// prefers-color-scheme; the effective theme is what <html data-theme> carries for the CSS.
export type ThemeChoice = 'light' | 'dark' | 'system';
export type Theme = 'light' | 'dark';

/** Where the choice is remembered (localStorage, per origin). */
export const THEME_KEY = 'pith.theme';

export const THEME_CHOICES: { value: ThemeChoice; label: string }[] = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'system', label: 'System' },
];

/** A stored value, or anything else (missing, edited by hand), as a choice: System unless it says otherwise. */
export function parseThemeChoice(stored: string | null | undefined): ThemeChoice {
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export function effectiveTheme(choice: ThemeChoice, systemPrefersDark: boolean): Theme {
  if (choice === 'system') return systemPrefersDark ? 'dark' : 'light';
  return choice;
}
