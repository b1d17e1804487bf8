/**
 * A plain discord.js Client against the fake: proves the fake speaks enough
 * Discord for discord.js 14 to log in, receive interactions and call REST.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Routes,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { DiscordDriver, type GuildFixture } from './driver';
import { FakeDiscord } from './server';

let fake: FakeDiscord;
let driver: DiscordDriver;
let fixture: GuildFixture;
let client: Client;
/** The test's interaction handler; each test sets its own. */
let onInteraction: (interaction: Interaction) => Promise<void> = async () => undefined;
const handlerErrors: unknown[] = [];

const PANEL_COMMAND = {
  name: 'panel',
  description: 'Manage role panels',
  default_member_permissions: String(1n << 28n),
  options: [
    {
      type: 1,
      name: 'create',
      description: 'Create a panel',
      options: [
        { type: 3, name: 'title', description: 'Panel title', required: true, max_length: 256 },
        { type: 8, name: 'role', description: 'First role' },
        { type: 7, name: 'channel', description: 'Where to post' },
        { type: 6, name: 'user', description: 'Someone' },
      ],
    },
  ],
};

async function expectApiError(promise: Promise<unknown>, status: number, code: number): Promise<void> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DiscordAPIError);
  expect((error as DiscordAPIError).status).toBe(status);
  expect((error as DiscordAPIError).code).toBe(code);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

beforeAll(async () => {
  fake = new FakeDiscord();
  await fake.start();
  driver = new DiscordDriver(fake);
  fixture = driver.setupGuild();

  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl, timeout: 2000 } });
  client.on(Events.InteractionCreate, (interaction) => {
    onInteraction(interaction).catch((error: unknown) => handlerErrors.push(error));
  });
  await client.login(fake.token);
  await client.application!.commands.set([PANEL_COMMAND], fixture.guildId);
});

afterAll(async () => {
  await client?.destroy();
  await fake?.stop();
});

afterEach(() => {
  expect(handlerErrors).toEqual([]);
  expect(fake.unknownRoutes.map((request) => `${request.method} ${request.path}`)).toEqual([]);
  fake.setRateLimits(null);
});

test('login reaches ready and caches the guild', () => {
  expect(client.isReady()).toBe(true);
  const guild = client.guilds.cache.get(fixture.guildId);
  expect(guild?.name).toBe(fixture.guild.name);
  expect(guild?.members.me?.id).toBe(fake.botUser.id);
  expect(guild?.roles.everyone.id).toBe(fixture.guildId);
  expect(guild?.channels.cache.has(fixture.channels.general.id)).toBe(true);
});

test('slash command deferReply and editReply reach driver', async () => {
  const seen: string[] = [];
  onInteraction = async (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    seen.push(interaction.options.getSubcommand());
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const role = interaction.options.getRole('role');
    const channel = interaction.options.getChannel('channel');
    const user = interaction.options.getUser('user');
    await interaction.editReply({ content: `${interaction.options.getString('title')}|${role?.name}|${channel?.id}|${user?.id}` });
  };

  const result = driver.runSlash(fixture.members.admin, 'panel', 'create', {
    title: 'Colours',
    role: fixture.roles.red.id,
    channel: fixture.channels.general.id,
    user: fixture.members.member.userId,
  });
  expect(await result.ack()).toBe(5);
  const reply = await result.final();

  expect(seen).toEqual(['create']);
  expect(reply.content).toBe(`Colours|red|${fixture.channels.general.id}|${fixture.members.member.userId}`);
  expect(reply.ephemeral).toBe(true);
  expect(reply.loading).toBe(false);
  expect(result.timeline().ackMs).not.toBeNull();
});

test('slash command needs default member permissions', () => {
  expect(() => driver.runSlash(fixture.members.member, 'panel', 'create', { title: 'x' })).toThrow(/default_member_permissions/);
  expect(() => driver.runSlash(fixture.members.admin, 'panel', 'create', { nope: 'x', title: 'x' })).toThrow(/no option "nope"/);
});

test('button click reaches client with its message', async () => {
  const channel = client.channels.cache.get(fixture.channels.general.id) as TextChannel;
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId('role:red').setLabel('Red').setStyle(ButtonStyle.Primary),
  );
  const posted = await channel.send({ content: 'Pick a colour', components: [row] });

  const clickedMessages: (string | undefined)[] = [];
  onInteraction = async (interaction) => {
    if (!interaction.isButton()) return;
    clickedMessages.push(interaction.message?.id);
    await interaction.reply({ content: `clicked ${interaction.customId}`, flags: MessageFlags.Ephemeral });
  };

  const [stored] = driver.channelMessages(fixture.channels.general.id).filter((message) => message.messageId === posted.id);
  expect(stored.customIds).toEqual(['role:red']);
  const reply = await driver.click(fixture.members.member, stored, 'role:red').reply();

  expect(clickedMessages).toEqual([posted.id]);
  expect(reply.content).toBe('clicked role:red');
  expect(reply.ephemeral).toBe(true);
  expect(() => driver.click(fixture.members.member, stored, 'role:blue')).toThrow(/no custom id "role:blue"/);
});

test('member role PUT changes roles and records reason', async () => {
  const guild = client.guilds.cache.get(fixture.guildId)!;
  const { userId } = fixture.members.member;

  await guild.members.addRole({ user: userId, role: fixture.roles.green.id, reason: 'Role panel: clicked "green" ✓' });
  expect(driver.memberRoles(fixture.members.member)).toContain(fixture.roles.green.id);

  const [request] = fake.recorder.find('PUT', /\/roles\//).filter((recorded) => recorded.path.endsWith(fixture.roles.green.id));
  expect(request.status).toBe(204);
  expect(request.auditLogReason).toBe('Role panel: clicked "green" ✓');

  await guild.members.removeRole({ user: userId, role: fixture.roles.green.id });
  expect(driver.memberRoles(fixture.members.member)).not.toContain(fixture.roles.green.id);
});

test('member role PUT rejects like Discord', async () => {
  const { userId } = fixture.members.member;
  const put = (roleId: string) => client.rest.put(Routes.guildMemberRole(fixture.guildId, userId, roleId));

  await expectApiError(put(fixture.roles.aboveBot.id), 403, 50013);
  await expectApiError(put(fixture.roles.bot.id), 403, 50013);
  await expectApiError(put(fixture.roles.managed.id), 403, 50013);
  await expectApiError(put('1234567890123456789'), 404, 10011);
  await expectApiError(client.rest.put(Routes.guildMemberRole(fixture.guildId, '1234567890123456789', fixture.roles.red.id)), 404, 10007);
  expect(driver.memberRoles(fixture.members.member)).toEqual([]);
});

test('channel send checks the bot permissions', async () => {
  await expectApiError(client.rest.post(Routes.channelMessages(fixture.channels.noSend.id), { body: { content: 'hi' } }), 403, 50013);
  await expectApiError(client.rest.post(Routes.channelMessages(fixture.channels.hidden.id), { body: { content: 'hi' } }), 403, 50001);
  await expectApiError(client.rest.post(Routes.channelMessages('1234567890123456789'), { body: { content: 'hi' } }), 404, 10003);
});

test('global 429 is retried and client finishes', async () => {
  const members = Array.from({ length: 8 }, (_, index) => driver.addMember(fixture.guildId, { username: `burst-${index}` }));
  fake.setRateLimits({ globalPerSecond: 4 });
  const guild = client.guilds.cache.get(fixture.guildId)!;

  const started = Date.now();
  await Promise.all(members.map((member) => guild.members.addRole({ user: member.userId, role: fixture.roles.blue.id })));

  expect(fake.rateLimitedCount).toBeGreaterThan(0);
  const limited = fake.recorder.requests.find((request) => request.rateLimited);
  expect(limited?.status).toBe(429);
  for (const member of members) expect(driver.memberRoles(member)).toEqual([fixture.roles.blue.id]);
  expect(Date.now() - started).toBeLessThan(5000);
});

test('dropped connection resumes and replays once', async () => {
  const received: string[] = [];
  onInteraction = async (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    received.push(interaction.id);
    await interaction.reply({ content: 'after resume', flags: MessageFlags.Ephemeral });
  };

  for (const code of [4000, 'abrupt'] as const) {
    const resumesBefore = fake.gateway.counters.resume;
    expect(fake.dropConnections(code)).toBe(1);
    // Sent while the socket is down: buffered by the session and replayed on RESUME.
    const result = driver.runSlash(fixture.members.admin, 'panel', 'create', { title: `dropped ${code}` });
    expect((await result.reply({ timeoutMs: 2500 })).content).toBe('after resume');
    await sleep(100);

    expect(received.filter((id) => id === result.id)).toHaveLength(1);
    expect(fake.gateway.counters.resume).toBe(resumesBefore + 1);
  }
  expect(fake.gateway.counters.identify).toBe(1);
});

test('second callback answers 40060', async () => {
  onInteraction = async (interaction) => {
    if (interaction.isChatInputCommand()) await interaction.reply({ content: 'first' });
  };
  const result = driver.runSlash(fixture.members.admin, 'panel', 'create', { title: 'twice' });
  expect((await result.reply()).content).toBe('first');

  const second = client.rest.post(Routes.interactionCallback(result.id, result.record.token), {
    body: { type: 4, data: { content: 'second' } },
    auth: false,
  });
  await expectApiError(second, 400, 40060);
});
