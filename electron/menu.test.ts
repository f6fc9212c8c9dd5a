import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, type MenuHandlers } from './menu.ts';

function handlers(): MenuHandlers {
  return {
    importFiles: vi.fn(),
    importFolder: vi.fn(),
    exportNotes: vi.fn(),
    backup: vi.fn(),
    restore: vi.fn(),
    openArchiveFolder: vi.fn(),
    show: vi.fn(),
    about: vi.fn(),
  };
}

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function byId(template: MenuItemConstructorOptions[], id: string) {
  return items(template).find((item) => item.id === id);
}

const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as unknown as () => void)();

describe('the native menu', () => {
  it('has File, Edit, View and Help, with File holding Import, Export, Backup, Restore and Quit', () => {
    const template = menuTemplate(handlers(), { platform: 'linux', development: false, canRestore: true });
    expect(template.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    const file = template[0]!.submenu as MenuItemConstructorOptions[];
    const labels = file.filter((item) => item.type !== 'separator').map((item) => item.label);
    expect(labels).toEqual(['Import…', 'Import Folder…', 'Export…', 'Backup…', 'Restore…', 'Show Archive Folder', 'Quit']);
    expect(byId(template, 'quit')?.role).toBe('quit');
  });

  it('calls the handler of each item', () => {
    const h = handlers();
    const template = menuTemplate(h, { platform: 'win32', development: false, canRestore: true });
    const pairs: [string, keyof MenuHandlers][] = [
      ['import', 'importFiles'],
      ['import-folder', 'importFolder'],
      ['export', 'exportNotes'],
      ['backup', 'backup'],
      ['restore', 'restore'],
      ['about', 'about'],
      ['archive-folder', 'openArchiveFolder'],
    ];
    for (const [id, handler] of pairs) {
      click(byId(template, id));
      expect(h[handler], id).toHaveBeenCalledOnce();
    }
    for (const view of ['library', 'board', 'tags'] as const) {
      click(byId(template, view));
      expect(h.show).toHaveBeenLastCalledWith(view);
    }
  });

  it('follows macOS: an app menu holding Quit', () => {
    const template = menuTemplate(handlers(), { platform: 'darwin', development: false, canRestore: false });
    expect(template.map((item) => item.label)).toEqual(['Pith', '&File', '&Edit', '&View', '&Help']);
    expect(byId(template, 'import-folder')?.label).toBe('Import Folder…');
    expect(byId(template, 'quit')).toBeUndefined();
    expect(items(template).some((item) => item.role === 'quit')).toBe(true);
    expect(byId(template, 'restore')?.enabled).toBe(false);
  });

  it('offers reload and developer tools only when running from the sources', () => {
    const roles = (development: boolean) =>
      items(menuTemplate(handlers(), { platform: 'linux', development, canRestore: true })).map((item) => item.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
