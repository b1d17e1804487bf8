import { ENGINES } from '../support/databases';
import { CallbackType } from '../fake-discord';
import { PanelSeeder } from './click-seeding';
import { startWorld, type World } from './harness';

describe.each(ENGINES)('role clicks on %s', (engine) => {
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

  const roles = () => world.guild.roles;
  const newMember = (memberRoles: string[] = []) => world.driver.addMember(world.guild.guildId, { roles: memberRoles });

  it('toggle adds then removes', async () => {
    const { red } = roles();
    const panel = await seeder.post({ roles: [red, roles().green] });
    const member = newMember();

    const first = world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]);
    expect(await first.ack()).toBe(CallbackType.DeferredChannelMessageWithSource);
    const added = await first.final();
    expect(added.ephemeral).toBe(true);
    expect(added.content).toBe(`Added <@&${red.id}>.`);
    expect(world.driver.memberRoles(member)).toEqual([red.id]);

    const removed = await world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]).final();
    expect(removed.content).toBe(`Removed <@&${red.id}>.`);
    expect(world.driver.memberRoles(member)).toEqual([]);
  });

  it('role request carries audit reason', async () => {
    const { blue } = roles();
    const panel = await seeder.post({ roles: [blue] });
    const member = newMember();
    await world.driver.click(member, { id: panel.messageId }, panel.buttons[blue.id]).final();

    const requests = world.fake.recorder.find('PUT', `/guilds/${world.guild.guildId}/members/${member.userId}/roles/${blue.id}`);
    expect(requests).toHaveLength(1);
    expect(requests[0].auditLogReason).toBe(`Role panel ${panel.id} "${panel.title}": clicked by ${member.userId}`);
  });

  it('reply mentions nobody', async () => {
    const { red } = roles();
    const panel = await seeder.post({ roles: [red] });
    const click = world.driver.click(newMember(), { id: panel.messageId }, panel.buttons[red.id]);
    await click.final();

    const edits = world.fake.recorder.find('PATCH', `/webhooks/${world.fake.applicationId}/${click.record.token}/messages/@original`);
    expect(edits).toHaveLength(1);
    expect((edits[0].body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [], users: [], roles: [], replied_user: false });
  });

  it('double click ends unchanged', async () => {
    const { red } = roles();
    const panel = await seeder.post({ roles: [red] });
    const member = newMember();
    const first = world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]);
    const second = world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]);

    expect((await first.final()).content).toBe(`Added <@&${red.id}>.`);
    expect((await second.final()).content).toBe(`Removed <@&${red.id}>.`);
    expect(world.driver.memberRoles(member)).toEqual([]);
  });

  it('unique switch keeps last pick', async () => {
    const { red, green, blue } = roles();
    const panel = await seeder.post({ mode: 'unique', roles: [red, green, blue] });
    const member = newMember();
    const clicks = [red, green, blue].map((role) => world.driver.click(member, { id: panel.messageId }, panel.buttons[role.id]));
    const replies = await Promise.all(clicks.map((click) => click.final()));

    expect(replies[2].content).toBe(`Added <@&${blue.id}>.\nRemoved <@&${green.id}>.`);
    expect(world.driver.memberRoles(member)).toEqual([blue.id]);
  });

  it('unique drops roles given by hand', async () => {
    const { red, green, blue } = roles();
    const panel = await seeder.post({ mode: 'unique', roles: [red, green, blue] });
    const member = newMember([green.id, blue.id]);
    const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]).final();

    expect(reply.content).toBe(`Added <@&${red.id}>.\nRemoved <@&${green.id}>, <@&${blue.id}>.`);
    expect(world.driver.memberRoles(member)).toEqual([red.id]);
  });

  it('verify keeps held role', async () => {
    const { red } = roles();
    const panel = await seeder.post({ mode: 'verify', roles: [red] });
    const member = newMember();
    expect((await world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]).final()).content).toBe(`Added <@&${red.id}>.`);

    const again = await world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]).final();
    expect(again.content).toContain(`You already have <@&${red.id}>`);
    expect(world.driver.memberRoles(member)).toEqual([red.id]);
  });

  it('drop removes only', async () => {
    const { red } = roles();
    const panel = await seeder.post({ mode: 'drop', roles: [red] });
    const member = newMember([red.id]);
    expect((await world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]).final()).content).toBe(`Removed <@&${red.id}>.`);

    const again = await world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]).final();
    expect(again.content).toContain(`You do not have <@&${red.id}>`);
    expect(world.driver.memberRoles(member)).toEqual([]);
  });

  it('max roles rejects over cap', async () => {
    const { red, green, blue } = roles();
    const panel = await seeder.post({ roles: [red, green, blue], maxRoles: 2 });
    const member = newMember([green.id, blue.id]);
    const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[red.id]).final();

    expect(reply.content).toContain('at most 2 of its roles');
    expect(reply.content).toContain(`<@&${green.id}>, <@&${blue.id}>`);
    expect(world.driver.memberRoles(member)).toEqual([green.id, blue.id]);
  });

  it('required role gates panel', async () => {
    const { red, blue } = roles();
    const panel = await seeder.post({ roles: [red], requiredRoleId: blue.id });
    const outsider = newMember();
    const rejected = await world.driver.click(outsider, { id: panel.messageId }, panel.buttons[red.id]).final();
    expect(rejected.content).toBe(`You need <@&${blue.id}> to use this panel. Nothing was changed.`);
    expect(world.driver.memberRoles(outsider)).toEqual([]);

    const insider = newMember([blue.id]);
    const accepted = await world.driver.click(insider, { id: panel.messageId }, panel.buttons[red.id]).final();
    expect(accepted.content).toBe(`Added <@&${red.id}>.`);
  });

  it('click works after restart', async () => {
    const { green } = roles();
    const panel = await seeder.post({ roles: [green] });
    await world.restartBot();
    const member = newMember();
    const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[green.id]).final();

    expect(reply.content).toBe(`Added <@&${green.id}>.`);
    expect(world.driver.memberRoles(member)).toEqual([green.id]);
  });
});
