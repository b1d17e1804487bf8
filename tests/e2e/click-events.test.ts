import { ENGINES } from '../support/databases';
import { listComponents, Permission } from '../fake-discord';
import { eventually, PanelSeeder } from './click-seeding';
import { startWorld, type World } from './harness';

describe.each(ENGINES)('panel upkeep on %s', (engine) => {
  let world: World;
  let seeder: PanelSeeder;

  beforeAll(async () => {
    world = await startWorld(engine);
    seeder = await PanelSeeder.open(world);
  });

  afterAll(async () => {
    await seeder?.close();
    await world?.close();
  });

  const guildId = () => world.guild.guildId;
  const newMember = (memberRoles: string[] = []) => world.driver.addMember(guildId(), { roles: memberRoles });
  const newRole = (name: string) => world.fake.createRole(guildId(), { name });
  const buttonIds = (messageId: string) =>
    listComponents(world.fake.storedMessage(messageId)?.components ?? []).map((component) => component.custom_id);

  it('deleted role leaves panels', async () => {
    const doomed = newRole('doomed');
    const kept = newRole('kept');
    const panel = await seeder.post({ roles: [doomed, kept] });
    world.fake.deleteRole(guildId(), doomed.id);

    await eventually('the role is off the panel', async () => (await seeder.stored(panel.id))?.roles.length === 1);
    expect((await seeder.stored(panel.id))?.roles.map((role) => role.roleId)).toEqual([kept.id]);
    await eventually('the posted message drops the button', async () => buttonIds(panel.messageId).length === 1);
    expect(buttonIds(panel.messageId)).toEqual([panel.buttons[kept.id]]);

    const stale = await world.driver.clickRaw(newMember(), { id: panel.messageId }, panel.buttons[doomed.id]).final();
    expect(stale.content).toContain('not part of this panel');
  });

  it('deleted required role frees panel', async () => {
    const gate = newRole('gate');
    const { red } = world.guild.roles;
    const panel = await seeder.post({ roles: [red], requiredRoleId: gate.id });
    world.fake.deleteRole(guildId(), gate.id);

    await eventually('the required role is cleared', async () => (await seeder.stored(panel.id))?.requiredRoleId === null);
    const member = newMember();
    const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]).final();
    expect(reply.content).toBe(`Added <@&${red.id}>.`);
  });

  it('deleted channel clears message', async () => {
    const channel = world.fake.createChannel(guildId(), { name: 'short-lived' });
    const panel = await seeder.post({ roles: [world.guild.roles.red], channelId: channel.id });
    world.fake.deleteChannel(channel.id);

    await eventually('the message id is cleared', async () => (await seeder.stored(panel.id))?.messageId === null);
    expect((await seeder.stored(panel.id))?.channelId).toBeNull();
  });

  it('deleted message cleared on refresh', async () => {
    const doomed = newRole('doomed-later');
    const panel = await seeder.post({ roles: [doomed, world.guild.roles.green] });
    // Without the Guild Messages intent the bot receives no MESSAGE_DELETE.
    world.fake.deleteMessage(panel.messageId);
    expect((await seeder.stored(panel.id))?.messageId).toBe(panel.messageId);

    // The next re-render gets 10008 Unknown Message and clears the stored message id.
    world.fake.deleteRole(guildId(), doomed.id);
    await eventually('the message id is cleared', async () => (await seeder.stored(panel.id))?.messageId === null);
    expect((await seeder.stored(panel.id))?.channelId).toBeNull();
  });

  it('role update is logged', async () => {
    const role = newRole('soon-dangerous');
    world.fake.updateRole(guildId(), role.id, { permissions: Permission.KickMembers });
    const line = await world.bot.waitForLog(
      (entry) => entry.message === 'Role no longer passes the panel role rules; any panel button for it now rejects clicks' && entry.roleId === role.id,
      5000,
    );
    expect(line).toMatchObject({ guildId: guildId(), reason: 'dangerous' });
  });

  it('bot removal keeps panels', async () => {
    const { blue } = world.guild.roles;
    const panel = await seeder.post({ roles: [blue] });
    world.fake.removeBotFromGuild(guildId());
    await world.bot.waitForLog((entry) => entry.message === 'Bot removed from a guild; its panels stay stored' && entry.guildId === guildId(), 5000);
    expect((await seeder.stored(panel.id))?.messageId).toBe(panel.messageId);

    world.fake.addBotToGuild(guildId());
    const member = newMember();
    const click = world.driver.click(member, { id: panel.messageId }, panel.buttons[blue.id]);
    expect((await click.final()).content).toBe(`Added <@&${blue.id}>.`);
    expect(world.driver.memberRoles(member)).toEqual([blue.id]);
  });
});
