import { Permission, type GuildFixture, type ResponseView } from '../fake-discord';
import { PanelSeeder } from '../e2e/click-seeding';
import { adminSteps, customIdStarting, editorPanel } from '../e2e/admin-support';
import { startWorld, type World } from '../e2e/harness';
import { appliedRoleRequests } from './support';

type RoleRecord = ReturnType<World['fake']['createRole']>;

/** The dangerous permissions every check must cover, by the name the bot's messages use. */
const DANGEROUS: Array<[string, bigint]> = [
  ['Administrator', Permission.Administrator],
  ['Manage Server', Permission.ManageGuild],
  ['Manage Roles', Permission.ManageRoles],
  ['Manage Channels', Permission.ManageChannels],
  ['Manage Webhooks', Permission.ManageWebhooks],
  ['Kick Members', Permission.KickMembers],
  ['Ban Members', Permission.BanMembers],
  ['Mention @everyone, @here and All Roles', Permission.MentionEveryone],
];

describe('privilege escalation on sqlite', () => {
  let world: World;
  let seeder: PanelSeeder;
  let other: GuildFixture;
  /** Roles below the admin's Manage Roles role, one per dangerous permission, then plain ones. */
  let dangerous: RoleRecord[] = [];
  let plain: RoleRecord[] = [];
  const { slash, create } = adminSteps(() => world);
  const admin = () => world.guild.members.admin;

  beforeAll(async () => {
    world = await startWorld('sqlite', {
      env: { LOG_LEVEL: 'info' },
      prepare: (fake, driver, guild) => {
        dangerous = DANGEROUS.map(([name, permissions]) => fake.createRole(guild.guildId, { name: `danger-${name}`, permissions }));
        plain = Array.from({ length: 27 }, (_, index) => fake.createRole(guild.guildId, { name: `plain-${index + 1}` }));
        other = driver.setupGuild({ name: 'Other guild' });
      },
    });
    seeder = await PanelSeeder.open(world);
  }, 60_000);

  afterAll(async () => {
    await seeder?.close();
    await world?.close();
  });

  const buttonCount = async (panelId: number) => (await seeder.stored(panelId))?.roles.length;

  /** Adds `roleId` through the editor: the role select, then the modal when the select accepts. */
  const addInEditor = async (view: ResponseView, roleId: string): Promise<ResponseView> => {
    const picked = world.driver.select(admin(), view, customIdStarting(view, 'rp:ed:add:'), [roleId]);
    const reply = await picked.final().catch(async () => world.driver.submitModal(admin(), await picked.modal(), {}).final());
    return reply;
  };

  const rejectedRoles: Array<[string, () => string, string]> = [
    ['@everyone', () => world.guild.guildId, 'The @everyone role cannot go on a panel'],
    ['managed role', () => world.guild.roles.managed.id, 'is managed by an integration'],
    ['role above bot', () => world.guild.roles.aboveBot.id, "at or above the bot's highest role"],
    ['role above admin', () => world.guild.roles.red.id, 'at or above your highest role'],
    ...DANGEROUS.map(([name], index): [string, () => string, string] => [name, () => dangerous[index].id, `has the permission ${name}`]),
  ];

  it.each(rejectedRoles)('add-role rejects %s', async (_name, roleId, message) => {
    const { panelId } = await create('Rules');
    const reply = await slash('add-role', { panel: String(panelId), role: roleId() });
    expect(reply.content).toContain(message);
    expect(await buttonCount(panelId)).toBe(0);
  });

  it.each(rejectedRoles)('editor rejects %s', async (_name, roleId, message) => {
    const { view, panelId } = await create('Editor rules');
    const reply = await addInEditor(view, roleId());
    expect(reply.content).toContain(message);
    expect(await buttonCount(panelId)).toBe(0);
  });

  it('editor rechecks when the modal is sent', async () => {
    const { view, panelId } = await create('Moved while open');
    const role = plain[0];
    const modal = await world.driver.select(admin(), view, customIdStarting(view, 'rp:ed:add:'), [role.id]).modal();
    world.fake.updateRole(world.guild.guildId, role.id, { permissions: Permission.Administrator });
    try {
      const reply = await world.driver.submitModal(admin(), modal, { label: 'Sneaky' }).final();
      expect(reply.content).toContain('has the permission Administrator');
      expect(await buttonCount(panelId)).toBe(0);
    } finally {
      world.fake.updateRole(world.guild.guildId, role.id, { permissions: 0n });
    }
  });

  it('duplicate and 26th role are rejected', async () => {
    const { panelId } = await create('Full');
    for (const role of plain.slice(0, 25)) expect((await slash('add-role', { panel: String(panelId), role: role.id })).content).toContain('Added');
    expect((await slash('add-role', { panel: String(panelId), role: plain[0].id })).content).toContain('is already on panel');
    expect((await slash('add-role', { panel: String(panelId), role: plain[25].id })).content).toContain('already has 25 roles');
    const view = await slash('edit', { panel: String(panelId) });
    expect(() => world.driver.select(admin(), view, customIdStarting(view, 'rp:ed:add:'), [plain[26].id])).toThrow('is disabled');
    expect(await buttonCount(panelId)).toBe(25);
  }, 60_000);

  it('editor rejects a duplicate role', async () => {
    const { panelId } = await create('Twice in editor');
    expect((await slash('add-role', { panel: String(panelId), role: plain[0].id })).content).toContain('Added');
    const view = await slash('edit', { panel: String(panelId) });
    expect((await addInEditor(view, plain[0].id)).content).toContain('is already on panel');
    expect(await buttonCount(panelId)).toBe(1);
  }, 60_000);

  const clickTimeChanges: Array<[string, Partial<RoleRecord>, string]> = [
    ...DANGEROUS.map(([name, permissions]): [string, Partial<RoleRecord>, string] => [name, { permissions }, name]),
    ['moved above bot', { position: 10_000 }, "above the bot's highest role"],
    ['now managed', { managed: true }, 'Discord manages it'],
  ];

  it.each(clickTimeChanges)('click rejects role turned %s', async (_name, change, message) => {
    const role = world.fake.createRole(world.guild.guildId, { name: 'changes-later' });
    const panel = await seeder.post({ roles: [role] });
    world.fake.updateRole(world.guild.guildId, role.id, change);
    const member = world.driver.addMember(world.guild.guildId);

    const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[role.id]).final();
    expect(reply.content).toContain(message);
    expect(world.driver.memberRoles(member)).toEqual([]);
    expect(appliedRoleRequests(world.fake, member)).toEqual([]);
  });

  it('click rejects @everyone stored on a panel', async () => {
    const everyone = world.guild.roles.everyone;
    const panel = await seeder.post({ roles: [everyone] });
    const member = world.driver.addMember(world.guild.guildId);
    const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[everyone.id]).final();
    expect(reply.content).toContain('Discord manages it');
    expect(world.fake.recorder.find('PUT', new RegExp(`/members/${member.userId}/roles/`))).toEqual([]);
  });

  const subcommands: Array<[string, () => Record<string, unknown>]> = [
    ['create', () => ({ title: 'Nope' })],
    ['list', () => ({})],
    ['edit', () => ({ panel: '1' })],
    ['add-role', () => ({ panel: '1', role: plain[0].id })],
    ['remove-role', () => ({ panel: '1', role: plain[0].id })],
    ['post', () => ({ panel: '1' })],
    ['delete', () => ({ panel: '1' })],
  ];

  it.each(subcommands)('%s needs Manage Roles', async (subcommand, options) => {
    const reply = await world.driver
      .runSlash(world.guild.members.member, 'panel', subcommand, options(), { ignoreDefaultMemberPermissions: true })
      .final();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('You need the Manage Roles permission');
  });

  it('editor control needs Manage Roles', async () => {
    const { view, panelId } = await create('Forged control');
    const posted = await slash('post', { panel: String(panelId) }).catch(() => null);
    expect(posted).not.toBeNull();
    const target = editorPanel(view);
    const panelMessage = world.driver.channelMessages(world.guild.channels.general.id).at(-1) as ResponseView;
    const forged = `rp:ed:delete-confirm:${target.panelId}:${target.version}`;
    const reply = await world.driver.clickRaw(world.guild.members.member, panelMessage, forged).final();
    expect(reply.content).toContain('You need the Manage Roles permission');
    expect(await seeder.stored(panelId)).not.toBeNull();
  });

  it.each(subcommands.slice(2))('%s rejects another guild\'s panel', async (subcommand, options) => {
    const foreign = editorPanel(await world.driver.runSlash(other.members.admin, 'panel', 'create', { title: 'Foreign' }).final());
    const reply = await slash(subcommand, { ...options(), panel: String(foreign.panelId) });
    expect(reply.content).toContain(`No panel with the id or title \`${foreign.panelId}\``);
  });

  it('editor ids of another guild are rejected', async () => {
    const foreign = editorPanel(await world.driver.runSlash(other.members.admin, 'panel', 'create', { title: 'Foreign editor' }).final());
    const { view } = await create('Home editor');
    const forged = `rp:ed:delete-confirm:${foreign.panelId}:${foreign.version}`;
    const reply = await world.driver.clickRaw(admin(), view, forged).final();
    expect(reply.content).toContain(`No panel with id ${foreign.panelId} exists in this server`);
    const list = await world.driver.runSlash(other.members.admin, 'panel', 'list', {}).final();
    expect(list.embeds[0].description).toContain('Foreign editor');
  });
});
