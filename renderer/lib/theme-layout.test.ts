import { describe, expect, it } from 'vitest';
import { effectiveTheme, parseThemeChoice } from './theme.ts';
import { COMPACT_BELOW, layoutFor, NARROW_BELOW } from './layout.ts';

describe('the theme', () => {
  it('reads a stored choice, and anything else as System', () => {
    expect(parseThemeChoice('light')).toBe('light');
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('system')).toBe('system');
    expect(parseThemeChoice(null)).toBe('system');
    expect(parseThemeChoice('Dark')).toBe('system');
    expect(parseThemeChoice('')).toBe('system');
  });

  it('follows the OS only when the choice is System', () => {
    expect(effectiveTheme('system', true)).toBe('dark');
    expect(effectiveTheme('system', false)).toBe('light');
    expect(effectiveTheme('light', true)).toBe('light');
    expect(effectiveTheme('dark', false)).toBe('dark');
  });
});

describe('the layout mode', () => {
  it('is wide on the laptop sizes that keep both sides, compact at 1024, narrow at 700', () => {
    expect(layoutFor(1440)).toBe('wide');
    expect(layoutFor(1280)).toBe('wide');
    expect(layoutFor(1024)).toBe('compact');
    expect(layoutFor(900)).toBe('compact');
    expect(layoutFor(700)).toBe('narrow');
  });

  it('changes exactly at the breakpoints', () => {
    expect(layoutFor(COMPACT_BELOW)).toBe('wide');
    expect(layoutFor(COMPACT_BELOW - 1)).toBe('compact');
    expect(layoutFor(NARROW_BELOW)).toBe('compact');
    expect(layoutFor(NARROW_BELOW - 1)).toBe('narrow');
  });
});
