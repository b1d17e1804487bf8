import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database';
import { Panel, PanelRole } from '../../src/entities';
import { VersionConflictError } from '../../src/errors';
import { MAX_ROLES_PER_PANEL, PanelNotFoundError, PanelStore, type PanelFields } from '../../src/services/PanelStore';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases';

const GUILD = '111111111111111111';
const OTHER_GUILD = '222222222222222222';

const fields = (title: string): PanelFields => ({ title, description: null, color: null, mode: 'toggle', maxRoles: null, requiredRoleId: null });
const role = (roleId: string, label = `Role ${roleId.slice(-2)}`) => ({ roleId, label, emoji: null, style: 'secondary' as const });

describe.each(ENGINES)('migrations on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = createDataSource(database.config);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('run up, down and up again', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((migration) => migration.name)).toEqual(['CreatePanels1764892800000']);
    expect(await dataSource.createQueryRunner().hasTable('panels')).toBe(true);

    await dataSource.undoLastMigration({ transaction: 'each' });
    const runner = dataSource.createQueryRunner();
    expect(await runner.hasTable('panels')).toBe(false);
    expect(await runner.hasTable('panel_roles')).toBe(false);
    await runner.release();

    const again = await dataSource.runMigrations({ transaction: 'each' });
    expect(again).toHaveLength(1);
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('create the indexes the hot paths use', async () => {
    const runner = dataSource.createQueryRunner();
    const panels = await runner.getTable('panels');
    const roles = await runner.getTable('panel_roles');
    await runner.release();
    const indexNames = [...(panels?.indices ?? []), ...(roles?.indices ?? [])].map((index) => index.name);
    expect(indexNames).toEqual(expect.arrayContaining(['idx_panels_guild_id', 'idx_panels_message_id', 'idx_panel_roles_panel_id']));
    expect(panels?.indices.find((index) => index.name === 'idx_panels_message_id')?.isUnique).toBe(true);
  });

  it('match the entities', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});

describe.each(ENGINES)('PanelStore on %s', (engine) => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: PanelStore;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    dataSource = createDataSource(database.config);
    await dataSource.initialize();
    await dataSource.runMigrations();
    store = new PanelStore(dataSource, dataSource.getRepository(Panel), dataSource.getRepository(PanelRole));
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('loads a panel with roles in position order', async () => {
    const panel = await store.create(GUILD, fields('Colours'));
    await store.addRole(GUILD, panel.id, role('300000000000000001'));
    await store.addRole(GUILD, panel.id, role('300000000000000002'));
    await store.addRole(GUILD, panel.id, role('300000000000000003'));
    const [, second] = (await store.findWithRoles(GUILD, panel.id))!.roles;
    await store.moveRole(GUILD, panel.id, second.id, -1);

    const loaded = await store.findWithRoles(GUILD, panel.id);
    expect(loaded?.roles.map((entry) => entry.roleId)).toEqual(['300000000000000002', '300000000000000001', '300000000000000003']);
    expect(loaded?.version).toBe(panel.version + 4);
  });

  it('keeps snowflakes exact', async () => {
    const big = '18446744073709551615';
    const panel = await store.create(GUILD, { ...fields('Big ids'), requiredRoleId: big });
    await store.addRole(GUILD, panel.id, role('999999999999999999'));
    const loaded = await store.findWithRoles(GUILD, panel.id);
    expect(loaded?.requiredRoleId).toBe(big);
    expect(loaded?.roles[0].roleId).toBe('999999999999999999');
  });

  it('finds a posted panel by message', async () => {
    const panel = await store.create(GUILD, fields('Posted'));
    await store.addRole(GUILD, panel.id, role('300000000000000011'));
    await store.setMessage(GUILD, panel.id, '400000000000000001', '500000000000000001');

    const found = await store.findByMessage(GUILD, '500000000000000001');
    expect(found?.id).toBe(panel.id);
    expect(found?.roles).toHaveLength(1);
    // The click path's hand-written query returns what the entity query returns.
    expect(found).toEqual(await store.findWithRoles(GUILD, panel.id));
    expect(await store.findByMessage(OTHER_GUILD, '500000000000000001')).toBeNull();
  });

  it('hides panels of other guilds', async () => {
    const panel = await store.create(OTHER_GUILD, fields('Elsewhere'));
    expect(await store.findWithRoles(GUILD, panel.id)).toBeNull();
    await expect(store.update(GUILD, panel.id, { title: 'Stolen' })).rejects.toBeInstanceOf(PanelNotFoundError);
    await expect(store.addRole(GUILD, panel.id, role('300000000000000021'))).rejects.toBeInstanceOf(PanelNotFoundError);
    expect(await store.delete(GUILD, panel.id)).toBeNull();
    expect((await store.listByGuild(GUILD)).map((summary) => summary.id)).not.toContain(panel.id);
    expect((await store.findWithRoles(OTHER_GUILD, panel.id))?.title).toBe('Elsewhere');
  });

  it('lists a guild with role counts', async () => {
    const guild = '333333333333333333';
    const first = await store.create(guild, fields('First'));
    await store.create(guild, fields('Second'));
    await store.addRole(guild, first.id, role('300000000000000031'));
    await store.addRole(guild, first.id, role('300000000000000032'));

    const summaries = await store.listByGuild(guild);
    expect(summaries.map((summary) => [summary.title, summary.roleCount])).toEqual([
      ['First', 2],
      ['Second', 0],
    ]);
  });

  it('rejects a stale version', async () => {
    const panel = await store.create(GUILD, fields('Versioned'));
    await store.update(GUILD, panel.id, { title: 'First edit' }, panel.version);
    await expect(store.update(GUILD, panel.id, { title: 'Second edit' }, panel.version)).rejects.toBeInstanceOf(VersionConflictError);
    expect((await store.findWithRoles(GUILD, panel.id))?.title).toBe('First edit');
  });

  it('rejects a duplicate role', async () => {
    const panel = await store.create(GUILD, fields('Duplicates'));
    await store.addRole(GUILD, panel.id, role('300000000000000041'));
    await expect(store.addRole(GUILD, panel.id, role('300000000000000041'))).rejects.toThrow('already on panel');
    expect((await store.findWithRoles(GUILD, panel.id))?.roles).toHaveLength(1);
  });

  it('stops at the role limit', async () => {
    const panel = await store.create(GUILD, fields('Full'));
    for (let index = 0; index < MAX_ROLES_PER_PANEL; index += 1) {
      await store.addRole(GUILD, panel.id, role(`3100000000000000${String(index).padStart(2, '0')}`));
    }
    await expect(store.addRole(GUILD, panel.id, role('310000000000000099'))).rejects.toThrow(`already has ${MAX_ROLES_PER_PANEL} roles`);
    expect((await store.findWithRoles(GUILD, panel.id))?.roles).toHaveLength(MAX_ROLES_PER_PANEL);
  });

  it('removes a deleted role everywhere', async () => {
    const guild = '444444444444444444';
    const deleted = '320000000000000001';
    const first = await store.create(guild, fields('One'));
    const second = await store.create(guild, { ...fields('Two'), requiredRoleId: deleted });
    const untouched = await store.create(guild, fields('Three'));
    await store.addRole(guild, first.id, role(deleted));
    await store.addRole(guild, first.id, role('320000000000000002'));
    await store.addRole(guild, untouched.id, role('320000000000000003'));

    const changed = await store.removeRoleEverywhere(guild, deleted);
    expect(changed.sort()).toEqual([first.id, second.id].sort());
    expect((await store.findWithRoles(guild, first.id))?.roles.map((entry) => entry.roleId)).toEqual(['320000000000000002']);
    expect((await store.findWithRoles(guild, second.id))?.requiredRoleId).toBeNull();
    expect((await store.findWithRoles(guild, untouched.id))?.version).toBe(untouched.version + 1);
  });

  it('clears a deleted message and channel', async () => {
    const guild = '555555555555555555';
    const first = await store.create(guild, fields('In channel'));
    const second = await store.create(guild, fields('Same channel'));
    await store.setMessage(guild, first.id, '410000000000000001', '510000000000000001');
    await store.setMessage(guild, second.id, '410000000000000001', '510000000000000002');

    expect(await store.clearMessage(guild, '510000000000000001')).toEqual([first.id]);
    expect(await store.clearChannel(guild, '410000000000000001')).toEqual([second.id]);
    expect((await store.findWithRoles(guild, second.id))?.messageId).toBeNull();
    expect(await store.countUnposted(guild)).toBe(2);
  });

  it('deletes a panel with its roles', async () => {
    const panel = await store.create(GUILD, fields('Doomed'));
    const added = await store.addRole(GUILD, panel.id, role('300000000000000051'));
    expect((await store.delete(GUILD, panel.id))?.id).toBe(panel.id);
    expect(await dataSource.getRepository(PanelRole).findOneBy({ id: added.id })).toBeNull();
  });

  it('runs concurrent changes on different panels', async () => {
    const created = await Promise.all(Array.from({ length: 6 }, (_, index) => store.create(GUILD, fields(`Concurrent ${index}`))));
    const results = await Promise.allSettled(created.map((panel) => store.update(GUILD, panel.id, { mode: 'verify' }, panel.version)));
    const messageId = (panelId: number) => `53000000000000${String(panelId).padStart(4, '0')}`;
    await Promise.all(created.map((panel) => store.setMessage(GUILD, panel.id, '430000000000000001', messageId(panel.id))));

    expect(results.map((result) => result.status)).toEqual(created.map(() => 'fulfilled'));
    const stored = await Promise.all(created.map((panel) => store.findWithRoles(GUILD, panel.id)));
    expect(stored.map((panel) => panel?.mode)).toEqual(created.map(() => 'verify'));
    expect(stored.map((panel) => panel?.messageId)).toEqual(created.map((panel) => messageId(panel.id)));
  });

  it('lets one of two racing edits win', async () => {
    const panel = await store.create(GUILD, fields('Race'));
    const results = await Promise.allSettled([
      store.update(GUILD, panel.id, { title: 'Left' }, panel.version),
      store.update(GUILD, panel.id, { title: 'Right' }, panel.version),
    ]);

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(VersionConflictError);
    expect(['Left', 'Right']).toContain((await store.findWithRoles(GUILD, panel.id))?.title);
  });

  it('loads a click target like the entity query', async () => {
    const panel = await store.create(GUILD, { title: 'Full', description: 'Text', color: 0x5865f2, mode: 'unique', maxRoles: 2, requiredRoleId: '300000000000000069' });
    await store.addRole(GUILD, panel.id, { roleId: '300000000000000061', label: 'One', emoji: '🔴', style: 'danger' });
    const second = await store.addRole(GUILD, panel.id, role('300000000000000062'));
    await store.moveRole(GUILD, panel.id, second.id, -1);
    await store.setMessage(GUILD, panel.id, '400000000000000061', '500000000000000061');
    const empty = await store.create(GUILD, fields('No roles'));
    await store.setMessage(GUILD, empty.id, '400000000000000061', '500000000000000062');

    const found = await store.findByMessage(GUILD, '500000000000000061');
    expect(found).toEqual(await store.findWithRoles(GUILD, panel.id));
    expect(found?.roles.map((entry) => entry.roleId)).toEqual(['300000000000000062', '300000000000000061']);
    expect(await store.findByMessage(GUILD, '500000000000000062')).toEqual(await store.findWithRoles(GUILD, empty.id));
  });

  it('refuses a second panel on one message', async () => {
    const first = await store.create(GUILD, fields('Message owner'));
    const second = await store.create(GUILD, fields('Intruder'));
    await store.setMessage(GUILD, first.id, '420000000000000001', '520000000000000001');
    await expect(store.setMessage(GUILD, second.id, '420000000000000001', '520000000000000001')).rejects.toThrow();
  });
});
