import { PermissionFlagsBits } from 'discord.js';
import type { FakeDiscord, GuildFixture } from '../fake-discord';

type RoleRecord = ReturnType<FakeDiscord['createRole']>;
import { ENGINES } from '../support/databases';
import { startWorld, type World } from './harness';
import { adminSteps, customIdStarting, editorPanel, EXTRA_ROLE_COUNT } from './admin-support';

describe.each(ENGINES)('panel commands on %s', (engine) => {
  let world: World;
  let extra: RoleRecord[] = [];
  let other: GuildFixture;
  const steps = adminSteps(() => world);
  const { slash, create, createWithRoles } = steps;
  const listCount = async () => {
    const reply = await slash('list');
    return /Panels \((\d+)\)/.exec(reply.embeds[0]?.title ?? '')?.[1] ?? '0';
  };

  beforeAll(async () => {
    world = await startWorld(engine, {
      prepare: (fake, driver, guild) => {
        extra = Array.from({ length: EXTRA_ROLE_COUNT }, (_, index) => fake.createRole(guild.guildId, { name: `extra-${index + 1}` }));
        other = driver.setupGuild({ name: 'Other guild' });
      },
    });
  }, 60000);

  afterAll(async () => {
    await world?.close();
  });

  it('registers /panel as guild-only with Manage Roles', () => {
    const put = world.fake.recorder.find('PUT', /\/applications\/\d+\/commands$/).at(-1);
    const commands = put?.body as Array<{ name: string; default_member_permissions: string; contexts: number[]; options: Array<{ name: string }> }>;
    const panel = commands.find((command) => command.name === 'panel');
    expect(panel?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageRoles));
    expect(panel?.contexts).toEqual([0]);
    expect(panel?.options.map((option) => option.name).sort()).toEqual(['add-role', 'create', 'delete', 'edit', 'list', 'post', 'remove-role']);
  });

  it('create opens the editor', async () => {
    const { view, panelId } = await create('Games', { description: 'Pick **your** games', color: 'blurple', mode: 'unique' });
    expect(view.ephemeral).toBe(true);
    expect(view.content).toContain(`Created panel ${panelId}`);
    expect(view.embeds[0].title).toBe('Games');
    expect(view.embeds[0].color).toBe(0x5865f2);
    expect(view.customIds.every((customId) => customId.startsWith('rp:ed:'))).toBe(true);
  });

  it('create rejects without Manage Roles at run time', async () => {
    const reply = await world.driver
      .runSlash(world.guild.members.member, 'panel', 'create', { title: 'Nope' }, { ignoreDefaultMemberPermissions: true })
      .final();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('You need the Manage Roles permission');
  });

  it.each([
    ['blank title', { title: '   ' }, 'The title is empty'],
    ['long title', { title: 'x'.repeat(257) }, 'at most 256'],
    ['long description', { title: 'ok', description: 'd'.repeat(4097) }, 'at most 4096'],
    ['bad color', { title: 'ok', color: 'chartreuse' }, 'The color `chartreuse` is not valid'],
    ['max-roles 0', { title: 'ok', 'max-roles': 0 }, 'max-roles `0` is not valid'],
    ['max-roles 26', { title: 'ok', 'max-roles': 26 }, 'from 1 to 25'],
  ])('create rejects %s', async (_name, options, message) => {
    const before = await listCount();
    const reply = await slash('create', options);
    expect(reply.content).toContain(message);
    expect(await listCount()).toBe(before);
  });

  it('create rejects @everyone as required role', async () => {
    const reply = await slash('create', { title: 'ok', 'required-role': world.guild.guildId });
    expect(reply.content).toContain('@everyone cannot be the required role');
  });

  it('add-role adds a button', async () => {
    const { panelId } = await create('Colors');
    const reply = await slash('add-role', { panel: String(panelId), role: extra[0].id, label: ' Red team ', emoji: '🔴', style: 'danger' });
    expect(reply.content).toContain('Added');
    expect(reply.content).toContain('`Red team`');
    const editor = await slash('edit', { panel: String(panelId) });
    expect(editor.embeds[1].description).toContain(`🔴 Red team → <@&${extra[0].id}> (danger)`);
  });

  it('add-role defaults label to role name', async () => {
    const { panelId } = await create('Defaults');
    await slash('add-role', { panel: String(panelId), role: extra[1].id });
    const editor = await slash('edit', { panel: String(panelId) });
    expect(editor.embeds[1].description).toContain(`1. extra-2 → <@&${extra[1].id}> (secondary)`);
  });

  const roleCases: Array<[string, () => string, string]> = [
    ['@everyone', () => world.guild.guildId, 'The @everyone role cannot go on a panel'],
    ['managed role', () => world.guild.roles.managed.id, 'is managed by an integration'],
    ['role above bot', () => world.guild.roles.aboveBot.id, "at or above the bot's highest role"],
    ['role above admin', () => world.guild.roles.red.id, 'at or above your highest role'],
    ['dangerous role', () => world.guild.roles.administrator.id, 'has the permission Administrator'],
  ];
  it.each(roleCases)('add-role rejects %s', async (_name, roleId, message) => {
    const { panelId } = await create('Rules');
    const reply = await slash('add-role', { panel: String(panelId), role: roleId() });
    expect(reply.content).toContain(message);
    const editor = await slash('edit', { panel: String(panelId) });
    expect(editor.embeds[1].title).toBe('Buttons (0/25)');
  });

  it('add-role lets the owner pass own rank', async () => {
    const { panelId } = await create('Owner');
    const reply = await slash('add-role', { panel: String(panelId), role: world.guild.roles.red.id }, world.guild.members.owner);
    expect(reply.content).toContain('Added');
  });

  it('add-role rejects a duplicate role', async () => {
    const panelId = await createWithRoles('Twice', [extra[2].id]);
    const reply = await slash('add-role', { panel: String(panelId), role: extra[2].id });
    expect(reply.content).toContain('is already on panel');
  });

  it('add-role rejects a 26th role', async () => {
    const panelId = await createWithRoles('Full', extra.slice(0, 25).map((role) => role.id));
    const reply = await slash('add-role', { panel: String(panelId), role: extra[25].id });
    expect(reply.content).toContain('already has 25 roles');
  }, 60000);

  it.each([
    ['blank label', { label: '  ' }, 'The button label is empty'],
    ['long label', { label: 'l'.repeat(81) }, 'at most 80'],
    ['bad emoji', { emoji: 'smile' }, 'The emoji `smile` is not valid'],
  ])('add-role rejects %s', async (_name, options, message) => {
    const { panelId } = await create('Fields');
    const reply = await slash('add-role', { panel: String(panelId), role: extra[3].id, ...options });
    expect(reply.content).toContain(message);
  });

  it('add-role accepts a custom emoji', async () => {
    const { panelId } = await create('Custom emoji');
    const reply = await slash('add-role', { panel: String(panelId), role: extra[3].id, emoji: '<:party:123456789012345678>' });
    expect(reply.content).toContain('Added');
  });

  it('remove-role removes and clamps max-roles', async () => {
    const { panelId } = await create('Clamp', { 'max-roles': 2 });
    for (const role of extra.slice(4, 6)) await slash('add-role', { panel: String(panelId), role: role.id });
    const reply = await slash('remove-role', { panel: String(panelId), role: extra[4].id });
    expect(reply.content).toContain(`Removed <@&${extra[4].id}>`);
    expect(reply.content).toContain('lowered to 1');
  });

  it('remove-role rejects a role not on the panel', async () => {
    const { panelId } = await create('Missing role');
    const reply = await slash('remove-role', { panel: String(panelId), role: extra[5].id });
    expect(reply.content).toContain('is not on panel');
  });

  it('post sends rows of five and updates in place', async () => {
    const panelId = await createWithRoles('Posted', extra.slice(0, 7).map((role) => role.id));
    const channelId = world.guild.channels.general.id;
    const first = await slash('post', { panel: String(panelId), channel: channelId });
    expect(first.content).toMatch(/is posted in <#\d+>: http/);
    const posted = world.driver.channelMessages(channelId).at(-1);
    expect(posted?.components.map((row) => row.components.length)).toEqual([5, 2]);
    expect(posted?.customIds.every((customId) => /^rp:role:\d+$/.test(customId))).toBe(true);

    const second = await slash('post', { panel: String(panelId) });
    expect(second.content).toContain('was updated');
    expect(world.driver.channelMessages(channelId).at(-1)?.messageId).toBe(posted?.messageId);
  });

  it('simultaneous posts send one message', async () => {
    const panelId = await createWithRoles('Posted thrice', [extra[0].id]);
    const channelId = world.guild.channels.general.id;
    const before = world.driver.channelMessages(channelId).length;
    const replies = await Promise.all([1, 2, 3].map(() => slash('post', { panel: String(panelId), channel: channelId })));

    expect(replies.filter((reply) => /is posted in/.test(reply.content))).toHaveLength(1);
    expect(replies.filter((reply) => reply.content.includes('was updated'))).toHaveLength(2);
    expect(world.driver.channelMessages(channelId)).toHaveLength(before + 1);
  });

  it('post names the missing permission', async () => {
    const panelId = await createWithRoles('No send', [extra[0].id]);
    const noSend = await slash('post', { panel: String(panelId), channel: world.guild.channels.noSend.id });
    expect(noSend.content).toContain('lacks the Send Messages permission');
  });

  it('post rejects a panel without roles', async () => {
    const { panelId } = await create('Empty');
    const reply = await slash('post', { panel: String(panelId) });
    expect(reply.content).toContain('has no roles yet');
  });

  it('post asks before reposting a deleted message', async () => {
    const panelId = await createWithRoles('Deleted', [extra[0].id]);
    await slash('post', { panel: String(panelId) });
    const postedId = world.driver.channelMessages(world.guild.channels.general.id).at(-1)?.messageId as string;
    world.fake.deleteMessage(postedId);

    const ask = await slash('post', { panel: String(panelId) });
    expect(ask.content).toContain('was deleted');
    const messagesBefore = world.driver.channelMessages(world.guild.channels.general.id).length;
    const confirm = await world.driver.click(world.guild.members.admin, ask, customIdStarting(ask, 'rp:ed:repost:')).final();
    expect(confirm.content).toContain('is posted in');
    expect(world.driver.channelMessages(world.guild.channels.general.id).length).toBe(messagesBefore + 1);
  });

  it('change re-renders the posted message', async () => {
    const panelId = await createWithRoles('Live', [extra[0].id]);
    await slash('post', { panel: String(panelId) });
    const reply = await slash('add-role', { panel: String(panelId), role: extra[1].id });
    expect(reply.content).toContain('The posted message was updated');
    const posted = world.driver.channelMessages(world.guild.channels.general.id).at(-1);
    expect(posted?.customIds).toHaveLength(2);
  });

  it('list shows ids and titles', async () => {
    const { panelId } = await create('Listed *panel*');
    const reply = await slash('list');
    expect(reply.embeds[0].description).toContain(`\`${panelId}\` Listed \\*panel\\*: 0 roles, not posted`);
  });

  it('delete asks, then deletes with its message', async () => {
    const panelId = await createWithRoles('Doomed', [extra[0].id]);
    await slash('post', { panel: String(panelId) });
    const postedId = world.driver.channelMessages(world.guild.channels.general.id).at(-1)?.messageId;
    const ask = await slash('delete', { panel: String(panelId) });
    expect(ask.content).toContain(`Delete panel ${panelId} for good?`);
    const done = await world.driver.click(world.guild.members.admin, ask, customIdStarting(ask, 'rp:ed:delete-confirm:')).final();
    expect(done.content).toContain(`Panel ${panelId}`);
    expect(done.content).toContain('was deleted');
    expect(world.fake.state.messages.get(postedId as string)?.deleted).toBe(true);
    const again = await slash('edit', { panel: String(panelId) });
    expect(again.content).toContain('No panel with the id or title');
  });

  it('autocomplete lists this guild only', async () => {
    await create('Autocomplete me');
    await world.driver.runSlash(other.members.admin, 'panel', 'create', { title: 'Autocomplete elsewhere' }).final();
    const choices = await world.driver.autocomplete(world.guild.members.admin, 'panel', 'edit', { panel: 'Autocomplete' }, 'panel');
    expect(choices.map((choice) => choice.name)).toEqual([expect.stringMatching(/^\d+: Autocomplete me$/)]);
    const all = await world.driver.autocomplete(world.guild.members.admin, 'panel', 'edit', { panel: '' }, 'panel');
    expect(all.length).toBeLessThanOrEqual(25);
    expect(all.every((choice) => choice.name.length <= 100)).toBe(true);
  });

  it('title resolves when unique, lists ids when not', async () => {
    const first = await create('Same title');
    const unique = await slash('edit', { panel: 'Same title' });
    expect(editorPanel(unique).panelId).toBe(first.panelId);
    const second = await create('Same title');
    const ambiguous = await slash('edit', { panel: 'Same title' });
    expect(ambiguous.content).toContain(`ids ${first.panelId}, ${second.panelId}`);
  });

  it('other guild id looks like a missing id', async () => {
    const foreign = await world.driver.runSlash(other.members.admin, 'panel', 'create', { title: 'Foreign' }).final();
    const foreignId = editorPanel(foreign).panelId;
    const viaForeign = await slash('edit', { panel: String(foreignId) });
    const viaMissing = await slash('edit', { panel: '999999' });
    expect(viaForeign.content).toBe(viaMissing.content.replace('999999', String(foreignId)));
    const post = await slash('post', { panel: String(foreignId) });
    expect(post.content).toContain('No panel with the id or title');
  });

  it('never asks Discord to ping', () => {
    const bodies = world.fake.recorder.requests
      .filter((request) => request.method === 'POST' || request.method === 'PATCH')
      .map((request) => request.body as { data?: Record<string, unknown> } & Record<string, unknown>)
      .map((body) => (body && 'data' in body && body.data ? body.data : body))
      .filter((body) => body && ('content' in body || 'embeds' in body));
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expect(body.allowed_mentions).toEqual(expect.objectContaining({ parse: [] }));
  });
});
