import fs from 'node:fs';
import path from 'node:path';

/** Folders under src/ whose every module defines decorated handler classes. */
export const HANDLER_FOLDERS = ['commands', 'buttons', 'modals', 'selects', 'events'] as const;

/** Lists the handler modules, compiled (.js) or source (.ts), in a stable order. */
export function listHandlerModules(root: string = __dirname): string[] {
  const files: string[] = [];
  for (const folder of HANDLER_FOLDERS) {
    const directory = path.join(root, folder);
    if (!fs.existsSync(directory)) continue;
    for (const entry of fs.readdirSync(directory, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(js|ts)$/.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
      files.push(path.join(entry.parentPath, entry.name));
    }
  }
  return files.sort();
}

/**
 * Imports every handler module, which registers its classes with discordx. Must run after
 * the DI engine is set, because decorating a class registers it with that engine.
 */
export function loadHandlers(root: string = __dirname): string[] {
  const modules = listHandlerModules(root);
  for (const file of modules) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
  }
  return modules;
}
