// The Light / Dark / System switch: remembered in localStorage, applied to <html data-theme>
// before the app mounts (the CSP allows no inline script in index.html, so main.ts calls
// startTheme() first), and System follows the OS live.
import { effectiveTheme, parseThemeChoice, THEME_KEY, type Theme, type ThemeChoice } from '../lib/theme.ts';

function readChoice(): ThemeChoice {
  try {
    return parseThemeChoice(localStorage.getItem(THEME_KEY));
  } catch {
    // Storage can be disabled (a locked-down browser profile): the theme then lasts the session.
    return 'system';
  }
}

const darkQuery = typeof window !== 'undefined' ? window.matchMedia('(prefers-color-scheme: dark)') : null;

export const theme = $state({
  choice: 'system' as ThemeChoice,
  effective: 'light' as Theme,
});

function apply(): void {
  theme.effective = effectiveTheme(theme.choice, darkQuery?.matches ?? false);
  document.documentElement.dataset.theme = theme.effective;
}

export function setTheme(choice: ThemeChoice): void {
  theme.choice = choice;
  try {
    if (choice === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // not remembered, still applied
  }
  apply();
}

let started = false;

/** Reads the remembered choice and applies it; call once before mounting the app. */
export function startTheme(): void {
  theme.choice = readChoice();
  apply();
  if (started) return;
  started = true;
  darkQuery?.addEventListener('change', apply);
  // Another window of the app changed it.
  window.addEventListener('storage', (event) => {
    if (event.key !== THEME_KEY && event.key !== null) return;
    theme.choice = readChoice();
    apply();
  });
}
