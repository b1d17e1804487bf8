import 'reflect-metadata';
import path from 'node:path';
import { DIService, MetadataStorage, tsyringeDependencyRegistryEngine } from 'discordx';
import { container } from 'tsyringe';
import { CUSTOM_ID_PATTERNS } from '../../src/discord/customIds';
import { listHandlerModules } from '../../src/handlers';

const SOURCE_ROOT = path.join(__dirname, '..', '..', 'src');
const PANEL_SUBCOMMANDS = ['add-role', 'create', 'delete', 'edit', 'list', 'post', 'remove-role'];

/** Counts every handler discordx knows, so a module that adds none stands out. */
function handlerCount(): number {
  const metadata = MetadataStorage.instance;
  return (
    metadata.applicationCommandSlashes.length +
    metadata.applicationCommandSlashGroups.length +
    metadata.buttonComponents.length +
    metadata.modalComponents.length +
    metadata.selectMenuComponents.length +
    metadata.events.length
  );
}

describe('handler registration', () => {
  const addedByModule = new Map<string, number>();

  beforeAll(async () => {
    DIService.engine = tsyringeDependencyRegistryEngine.setInjector(container);
    for (const file of listHandlerModules(SOURCE_ROOT)) {
      const before = handlerCount();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(file);
      addedByModule.set(path.relative(SOURCE_ROOT, file), handlerCount() - before);
    }
    await MetadataStorage.instance.build();
  });

  it('finds handler modules', () => {
    expect(addedByModule.size).toBeGreaterThan(0);
  });

  it('registers a handler per module', () => {
    const empty = [...addedByModule].filter(([, added]) => added === 0).map(([file]) => file);
    expect(empty).toEqual([]);
  });

  it('registers every panel subcommand', () => {
    const panel = MetadataStorage.instance.applicationCommandSlashesFlat.filter((command) => command.group === 'panel');
    expect(panel.map((command) => command.name).sort()).toEqual(PANEL_SUBCOMMANDS);
  });

  it('handles every custom id route', () => {
    const metadata = MetadataStorage.instance;
    const components = [...metadata.buttonComponents, ...metadata.modalComponents, ...metadata.selectMenuComponents];
    const registered = components.map((component) => String(component.id));
    const unhandled = Object.entries(CUSTOM_ID_PATTERNS)
      .filter(([, pattern]) => !registered.includes(String(pattern)))
      .map(([name]) => name);
    expect(unhandled).toEqual([]);
  });

  it('registers the role button', () => {
    const ids = MetadataStorage.instance.buttonComponents.map((component) => String(component.id));
    expect(ids).toContain(String(CUSTOM_ID_PATTERNS.roleButton));
  });
});
