// The native menu as a plain template (tested without Electron); main.ts builds it.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuHandlers {
  /** File › Import…: the UI's own file picker. */
  importFiles(): void;
  /** File › Import Folder…: a folder dialog in main (a page's file picker cannot choose folders). */
  importFolder(): void;
  exportNotes(): void;
  backup(): void;
  restore(): void;
  openArchiveFolder(): void;
  show(view: 'library' | 'board' | 'tags'): void;
  about(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Developer tools and reload exist only when running from the sources. */
  development: boolean;
  /** Whether Restore… can run here (the core provides it). */
  canRestore: boolean;
}

export function menuTemplate(handlers: MenuHandlers, options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { id: 'import', label: 'Import…', accelerator: 'CmdOrCtrl+O', click: () => handlers.importFiles() },
      { id: 'import-folder', label: 'Import Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => handlers.importFolder() },
      { id: 'export', label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => handlers.exportNotes() },
      { type: 'separator' },
      { id: 'backup', label: 'Backup…', click: () => handlers.backup() },
      { id: 'restore', label: 'Restore…', enabled: options.canRestore, click: () => handlers.restore() },
      { type: 'separator' },
      { id: 'archive-folder', label: 'Show Archive Folder', click: () => handlers.openArchiveFolder() },
      ...(mac ? [] : [{ type: 'separator' as const }, { id: 'quit', role: 'quit' as const, label: 'Quit' }]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { id: 'library', label: 'Library', accelerator: 'CmdOrCtrl+1', click: () => handlers.show('library') },
      { id: 'board', label: 'Takeaways Board', accelerator: 'CmdOrCtrl+2', click: () => handlers.show('board') },
      { id: 'tags', label: 'Tags', accelerator: 'CmdOrCtrl+3', click: () => handlers.show('tags') },
      { type: 'separator' },
      ...(options.development
        ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [{ id: 'about', label: 'About Pith', click: () => handlers.about() }],
  };
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: 'Pith',
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  return [...appMenu, file, edit, view, help];
}
