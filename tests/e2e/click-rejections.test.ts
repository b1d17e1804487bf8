import { ENGINES } from '../support/databases';
import { Permission } from '../fake-discord';
import { PanelSeeder } from './click-seeding';
import { startWorld, type World } from './harness';

describe.each(ENGINES)('rejected role clicks on %s', (engine) => {
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

  const newMember = (memberRoles: string[] = []) => world.driver.addMember(world.guild.guildId, { roles: memberRoles });
  const newRole = (name: string) => world.fake.createRole(world.guild.guildId, { name });
  const warnings = (message: string) => world.bot.logs.filter((line) => line.level === 'warn' && line.message === message);

  it('role above bot is rejected', async () => {
    const { aboveBot } = world.guild.roles;
    const panel = await seeder.post({ roles: [aboveBot] });
    const member = newMember();
    const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[aboveBot.id]).final();

    expect(reply.content).toContain("above the bot's highest role");
    expect(world.driver.memberRoles(member)).toEqual([]);
    expect(world.fake.recorder.find('PUT', `/guilds/${world.guild.guildId}/members/${member.userId}/roles/${aboveBot.id}`)).toEqual([]);
    const logged = warnings('Role click on a role the panel may no longer hand out');
    expect(logged[0]).toMatchObject({ guildId: world.guild.guildId, panelId: panel.id, roleId: aboveBot.id, reason: 'above-bot' });
  });

  it('repeated rejections log once', async () => {
    const { aboveBot } = world.guild.roles;
    const panel = await seeder.post({ roles: [aboveBot] });
    const member = newMember();
    for (let index = 0; index < 3; index += 1) {
      await world.driver.click(member, { id: panel.messageId }, panel.buttons[aboveBot.id]).final();
    }
    const logged = warnings('Role click on a role the panel may no longer hand out').filter((line) => line.panelId === panel.id);
    expect(logged).toHaveLength(1);
  });

  it('managed role is rejected', async () => {
    const { managed } = world.guild.roles;
    const panel = await seeder.post({ roles: [managed] });
    const member = newMember();
    const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[managed.id]).final();

    expect(reply.content).toContain('Discord manages it');
    expect(world.driver.memberRoles(member)).toEqual([]);
  });

  it('role turned dangerous is rejected', async () => {
    const role = newRole('turned-dangerous');
    const panel = await seeder.post({ roles: [role] });
    world.fake.updateRole(world.guild.guildId, role.id, { permissions: Permission.BanMembers });
    const member = newMember();
    const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[role.id]).final();

    expect(reply.content).toContain('Ban Members');
    expect(world.driver.memberRoles(member)).toEqual([]);
  });

  it('Discord 50013 is explained', async () => {
    const role = newRole('moved-unseen');
    const panel = await seeder.post({ roles: [role] });
    // Moved above the bot without GUILD_ROLE_UPDATE, so the bot's cache still shows it below.
    world.fake.role(world.guild.guildId, role.id).position = world.guild.roles.bot.position + 5;
    const member = newMember();
    const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[role.id]).final();

    expect(reply.content).toContain('Discord rejected the change');
    expect(reply.content).toContain('Nothing was changed.');
    expect(world.driver.memberRoles(member)).toEqual([]);
    expect(warnings('Discord rejected a role change for missing permissions')[0]).toMatchObject({ panelId: panel.id, roleId: role.id, code: 50013 });
  });

  it('role deleted unseen is explained', async () => {
    const role = newRole('deleted-unseen');
    const panel = await seeder.post({ roles: [role] });
    // Gone at Discord without GUILD_ROLE_DELETE, so the bot's cache still lists it.
    world.fake.guild(world.guild.guildId).roles.delete(role.id);
    const reply = await world.driver.click(newMember(), { id: panel.messageId }, panel.buttons[role.id]).final();

    expect(reply.content).toContain('The role was deleted from this server');
    expect(warnings('Role click on a deleted role')[0]).toMatchObject({ panelId: panel.id, roleId: role.id });
  });

  it('missing Manage Roles is explained', async () => {
    const { red, bot } = world.guild.roles;
    const panel = await seeder.post({ roles: [red] });
    const permissions = bot.permissions;
    world.fake.updateRole(world.guild.guildId, bot.id, { permissions: Permission.ViewChannel | Permission.SendMessages });
    try {
      const member = newMember();
      const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]).final();
      expect(reply.content).toContain('lacks the Manage Roles permission');
      expect(world.driver.memberRoles(member)).toEqual([]);
    } finally {
      world.fake.updateRole(world.guild.guildId, bot.id, { permissions });
    }
  });

  it('deleted panel is explained', async () => {
    const { red } = world.guild.roles;
    const panel = await seeder.post({ roles: [red] });
    await seeder.store.delete(world.guild.guildId, panel.id);
    const member = newMember();
    const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]).final();

    expect(reply.content).toContain('This panel was deleted');
    expect(world.driver.memberRoles(member)).toEqual([]);
    expect(warnings('Role click on a message with no panel')[0]).toMatchObject({ guildId: world.guild.guildId, messageId: panel.messageId });
  });

  it('forged button id changes nothing', async () => {
    const { red, green } = world.guild.roles;
    const panel = await seeder.post({ roles: [red] });
    const otherPanel = await seeder.post({ roles: [green] });
    const member = newMember();

    const unknown = await world.driver.clickRaw(member, { id: panel.messageId }, 'rp:role:999999').final();
    expect(unknown.content).toContain('not part of this panel');
    // A real button id, but of another panel's message.
    const foreign = await world.driver.clickRaw(member, { id: panel.messageId }, otherPanel.buttons[green.id]).final();
    expect(foreign.content).toContain('not part of this panel');
    expect(world.driver.memberRoles(member)).toEqual([]);
  });

  it.each([
    ['non-numeric', 'rp:role:abc'],
    ['empty id', 'rp:role:'],
    ['100-character', 'x'.repeat(100)],
    ['overlong editor', 'rp:ed:text:1:1:extra'],
  ])('%s custom id is answered', async (_kind, customId) => {
    const { red } = world.guild.roles;
    const panel = await seeder.post({ roles: [red] });
    const member = newMember();

    const reply = await world.driver.clickRaw(member, { id: panel.messageId }, customId).final();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('not recognised by the bot');
    expect(world.driver.memberRoles(member)).toEqual([]);
  });
});
