import type { FakeDiscord, ResponseView } from '../fake-discord';
import { ENGINES } from '../support/databases';
import { startWorld, type World } from './harness';
import { adminSteps, customIdStarting, editorPanel, EXTRA_ROLE_COUNT } from './admin-support';

type RoleRecord = ReturnType<FakeDiscord['createRole']>;

describe.each(ENGINES)('panel editor on %s', (engine) => {
  let world: World;
  let extra: RoleRecord[] = [];
  const { slash, create, createWithRoles } = adminSteps(() => world);
  const admin = () => world.guild.members.admin;

  const click = (view: ResponseView, prefix: string) => world.driver.click(admin(), view, customIdStarting(view, prefix)).final();
  const select = (view: ResponseView, prefix: string, values: string[]) => world.driver.select(admin(), view, customIdStarting(view, prefix), values);
  const openModal = (view: ResponseView, prefix: string) => world.driver.click(admin(), view, customIdStarting(view, prefix)).modal();
  const openEditor = (panelId: number) => slash('edit', { panel: String(panelId) });
  const buttonList = (view: ResponseView) => view.embeds[1].description as string;

  beforeAll(async () => {
    world = await startWorld(engine, {
      prepare: (fake, _driver, guild) => {
        extra = Array.from({ length: EXTRA_ROLE_COUNT }, (_, index) => fake.createRole(guild.guildId, { name: `extra-${index + 1}` }));
      },
    });
  }, 60000);

  afterAll(async () => {
    await world?.close();
  });

  it('preview of 25 roles fits five rows', async () => {
    const panelId = await createWithRoles('Big', extra.slice(0, 25).map((role) => role.id));
    const view = await openEditor(panelId);
    expect(view.ephemeral).toBe(true);
    expect(view.components.length).toBeLessThanOrEqual(5);
    expect(view.customIds.some((customId) => customId.startsWith('rp:role:'))).toBe(false);
    expect(buttonList(view)).toContain('**Row 5**');
    expect(buttonList(view)).toContain(`25. extra-25 → <@&${extra[24].id}>`);
  }, 60000);

  it('stale settings button keeps the editor', async () => {
    const { view } = await create('Soon gone');
    const result = world.driver.clickRaw(admin(), view, 'rp:ed:settings:999999:1');
    const reply = await result.final();

    expect(await result.ack()).toBe(4);
    expect(reply.messageId).not.toBe(view.messageId);
    expect(reply.content).toContain('No panel with id 999999');
    expect(world.fake.storedMessage(view.messageId)?.embeds[0].title).toBe('Soon gone');
  });

  it('text modal saves title, description, color', async () => {
    const { view } = await create('Old title');
    const modal = await openModal(view, 'rp:ed:text:');
    const updated = await world.driver.submitModal(admin(), modal, { title: ' New title ', description: 'Hello', color: '#00FF00' }).final();
    expect(updated.messageId).toBe(view.messageId);
    expect(updated.embeds[0].title).toBe('New title');
    expect(updated.embeds[0].description).toBe('Hello');
    expect(updated.embeds[0].color).toBe(0x00ff00);
  });

  it('text modal rejects a bad color', async () => {
    const { view, panelId } = await create('Color check');
    const modal = await openModal(view, 'rp:ed:text:');
    const reply = await world.driver.submitModal(admin(), modal, { title: 'Changed', color: 'rainbow' }).final();
    expect(reply.content).toContain('The color `rainbow` is not valid');
    expect((await openEditor(panelId)).embeds[0].title).toBe('Color check');
  });

  it('text modal rejects a blank title', async () => {
    const { view } = await create('Blank check');
    const modal = await openModal(view, 'rp:ed:text:');
    const reply = await world.driver.submitModal(admin(), modal, { title: '   ' }).final();
    expect(reply.content).toContain('The title is empty');
  });

  it('role select and modal add a role', async () => {
    const { view } = await create('Picker');
    const modal = await select(view, 'rp:ed:add:', [extra[0].id]).modal();
    const updated = await world.driver.submitModal(admin(), modal, { label: 'First', emoji: '🎮', style: 'success' }).final();
    expect(buttonList(updated)).toContain(`1. 🎮 First → <@&${extra[0].id}> (success)`);
    expect(updated.content).toContain('Added');
  });

  it('role select rejects a managed role', async () => {
    const { view } = await create('Managed');
    const reply = await select(view, 'rp:ed:add:', [world.guild.roles.managed.id]).final();
    expect(reply.content).toContain('is managed by an integration');
    expect(reply.messageId).not.toBe(view.messageId);
  });

  it('role modal rejects a bad emoji', async () => {
    const { view, panelId } = await create('Emoji');
    const modal = await select(view, 'rp:ed:add:', [extra[1].id]).modal();
    const reply = await world.driver.submitModal(admin(), modal, { emoji: 'not-an-emoji' }).final();
    expect(reply.content).toContain('The emoji `not-an-emoji` is not valid');
    expect(buttonList(await openEditor(panelId))).toContain('No buttons yet');
  });

  it('pick, move and remove a role', async () => {
    const panelId = await createWithRoles('Order', [extra[0].id, extra[1].id, extra[2].id]);
    const view = await openEditor(panelId);
    const picked = await select(view, 'rp:ed:pick:', [String(pickOptionValues(view)[0])]).final();
    const movedDown = await click(picked, 'rp:ed:down:');
    expect(buttonList(movedDown)).toMatch(new RegExp(`1\\. extra-2[^\\n]*\\n2\\. extra-1`));
    const movedUp = await click(movedDown, 'rp:ed:up:');
    expect(buttonList(movedUp)).toMatch(new RegExp(`1\\. extra-1[^\\n]*\\n2\\. extra-2`));
    const removed = await click(movedUp, 'rp:ed:remove:');
    expect(removed.content).toContain(`Removed <@&${extra[0].id}>`);
    expect(buttonList(removed)).not.toContain('extra-1 ');
  });

  it('settings set mode and required role', async () => {
    const { view } = await create('Settings');
    const settings = await click(view, 'rp:ed:settings:');
    const moded = await select(settings, 'rp:ed:mode:', ['verify']).final();
    expect(moded.content).toContain('Mode set to verify');
    const required = await select(moded, 'rp:ed:required:', [extra[3].id]).final();
    expect(required.embeds[1].fields.find((field: { name: string }) => field.name === 'Required role').value).toBe(`<@&${extra[3].id}>`);
    const cleared = await click(required, 'rp:ed:required-clear:');
    expect(cleared.content).toContain('Anyone may now use the panel');
  });

  it('max-roles modal checks role count', async () => {
    const panelId = await createWithRoles('Capped', [extra[0].id, extra[1].id]);
    const settings = await click(await openEditor(panelId), 'rp:ed:settings:');
    const tooMany = await world.driver.submitModal(admin(), await openModal(settings, 'rp:ed:max:'), { 'max-roles': '3' }).final();
    expect(tooMany.content).toContain('max-roles `3` is not valid for a panel with 2 roles');
    const fine = await world.driver.submitModal(admin(), await openModal(settings, 'rp:ed:max:'), { 'max-roles': '2' }).final();
    expect(fine.content).toContain('max-roles set to 2');
  });

  it('post and update from the editor', async () => {
    const panelId = await createWithRoles('Editor post', [extra[0].id]);
    const posted = await click(await openEditor(panelId), 'rp:ed:post:');
    expect(posted.content).toMatch(/is posted in <#\d+>/);
    const modal = await openModal(posted, 'rp:ed:text:');
    const renamed = await world.driver.submitModal(admin(), modal, { title: 'Renamed' }).final();
    expect(renamed.content).toContain('The posted message was updated');
    expect(world.driver.channelMessages(world.guild.channels.general.id).at(-1)?.embeds[0].title).toBe('Renamed');
  });

  it('reports a failed re-render', async () => {
    const panelId = await createWithRoles('Failing', [extra[0].id]);
    const posted = await click(await openEditor(panelId), 'rp:ed:post:');
    world.fake.injectFault({ method: 'PATCH', route: '/channels/:channel_id/messages/:message_id', count: 1, kind: 'status', status: 403 });
    const settings = await click(posted, 'rp:ed:settings:');
    const changed = await select(settings, 'rp:ed:mode:', ['drop']).final();
    expect(changed.content).toContain('The change was saved, but the posted message could not be updated');
  });

  it('delete confirms, cancel keeps', async () => {
    const { view, panelId } = await create('Delete me');
    const ask = await click(view, 'rp:ed:delete:');
    expect(ask.content).toContain('for good?');
    const cancelled = await click(ask, 'rp:ed:main:');
    expect(editorPanel(cancelled).panelId).toBe(panelId);
    const done = await click(await click(cancelled, 'rp:ed:delete:'), 'rp:ed:delete-confirm:');
    expect(done.content).toContain('was deleted');
    expect(done.components).toEqual([]);
  });

  it('stale control is rejected', async () => {
    const { view, panelId } = await create('Stale');
    await slash('add-role', { panel: String(panelId), role: extra[4].id });
    expect(editorPanel(await openEditor(panelId)).version).toBeGreaterThan(editorPanel(view).version);
    const stale = await world.driver.select(admin(), view, customIdStarting(view, 'rp:ed:add:'), [extra[5].id]).final();
    expect(stale.content).toContain('was changed by someone else since this editor was opened');
    expect(buttonList(await openEditor(panelId))).not.toContain('extra-6');
  });

  it('stale modal is rejected', async () => {
    const { view, panelId } = await create('Stale modal');
    const modal = await openModal(view, 'rp:ed:text:');
    await slash('add-role', { panel: String(panelId), role: extra[4].id });
    const reply = await world.driver.submitModal(admin(), modal, { title: 'Overwrite' }).final();
    expect(reply.content).toContain('Run /panel edit again');
    expect((await openEditor(panelId)).embeds[0].title).toBe('Stale modal');
  });

  it('control rechecks Manage Roles', async () => {
    const { view } = await create('Permissions');
    const manager = world.guild.roles.manager;
    world.fake.updateRole(world.guild.guildId, manager.id, { permissions: 0n });
    try {
      const reply = await world.driver.click(admin(), view, customIdStarting(view, 'rp:ed:settings:')).final();
      expect(reply.content).toContain('You need the Manage Roles permission');
    } finally {
      world.fake.updateRole(world.guild.guildId, manager.id, { permissions: manager.permissions });
    }
  });
});

/** Values of the editor's pick select, in display order. */
function pickOptionValues(view: ResponseView): string[] {
  for (const row of view.components) {
    for (const component of row.components ?? []) {
      if (typeof component.custom_id === 'string' && component.custom_id.startsWith('rp:ed:pick:')) {
        return component.options.map((option: { value: string }) => option.value);
      }
    }
  }
  throw new Error('no pick select on the editor');
}
