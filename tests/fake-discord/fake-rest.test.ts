/**
 * The fake's REST rules and the driver's modal, select and autocomplete
 * flows, driven by a minimal gateway bot written with `ws` and fetch.
 */
import { WebSocket } from 'ws';
import { DiscordDriver, type GuildFixture } from './driver';
import type { Json } from './model';
import { FakeDiscord } from './server';
import { isSnowflake } from './snowflake';

let fake: FakeDiscord;
let driver: DiscordDriver;
let fixture: GuildFixture;
let socket: WebSocket;
/** What the minimal bot does with each INTERACTION_CREATE; each test sets its own. */
let onInteraction: (interaction: Json) => Promise<void> = async () => undefined;

async function api(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; headers: Headers; body: Json }> {
  const response = await fetch(`${fake.apiUrl}/v10${path}`, {
    method,
    headers: {
      ...(auth ? { Authorization: `Bot ${fake.token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(2000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

function callback(interaction: Json, type: number, data?: Json, query = ''): Promise<{ status: number; body: Json }> {
  return api('POST', `/interactions/${interaction.id}/${interaction.token}/callback${query}`, { type, data }, false);
}

/** Connects a bare gateway client that identifies and forwards interactions to `onInteraction`. */
function connectMinimalBot(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    const timer = setTimeout(() => reject(new Error('minimal bot did not receive READY within 2 s')), 2000);
    ws.on('message', (raw) => {
      const payload = JSON.parse(raw.toString());
      if (payload.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: {} } }));
      if (payload.t === 'READY') {
        clearTimeout(timer);
        resolve(ws);
      }
      if (payload.t === 'INTERACTION_CREATE') void onInteraction(payload.d);
    });
    ws.on('error', reject);
  });
}

beforeAll(async () => {
  fake = new FakeDiscord({ interactionAckTimeoutMs: 300 });
  await fake.start();
  driver = new DiscordDriver(fake, { timeoutMs: 1000 });
  fixture = driver.setupGuild();
  socket = await connectMinimalBot();
  const commands = [
    {
      name: 'panel',
      description: 'Manage role panels',
      options: [
        {
          type: 1,
          name: 'edit',
          description: 'Edit a panel',
          options: [{ type: 3, name: 'panel', description: 'Panel', required: true, autocomplete: true }],
        },
      ],
    },
  ];
  const registered = await api('PUT', `/applications/${fake.applicationId}/guilds/${fixture.guildId}/commands`, commands);
  expect(registered.status).toBe(200);
});

afterAll(async () => {
  socket?.terminate();
  await fake?.stop();
});

afterEach(() => {
  fake.setRateLimits(null);
  fake.clearFaults();
});

test('ids are snowflakes', () => {
  expect(isSnowflake(fixture.guildId)).toBe(true);
  expect(isSnowflake(fake.botUser.id)).toBe(true);
  expect(BigInt(fixture.roles.blue.id)).toBeGreaterThan(BigInt(fixture.roles.red.id));
});

test('missing token answers 401', async () => {
  const response = await api('GET', '/users/@me', undefined, false);
  expect(response.status).toBe(401);
  expect(response.body).toEqual({ message: '401: Unauthorized', code: 0 });
});

test('unknown route answers 404 and is recorded', async () => {
  const before = fake.unknownRoutes.length;
  const response = await api('GET', '/guilds/1/bans');
  expect(response.status).toBe(404);
  expect(response.body).toEqual({ message: '404: Not Found', code: 0 });
  expect(fake.unknownRoutes.length).toBe(before + 1);
});

test('every answer carries rate limit headers', async () => {
  const response = await api('GET', `/guilds/${fixture.guildId}/roles`);
  expect(response.status).toBe(200);
  for (const header of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-reset-after', 'x-ratelimit-bucket']) {
    expect(response.headers.get(header)).not.toBeNull();
  }
});

test('member role bucket answers 429 per guild', async () => {
  fake.setRateLimits({ memberRolePerGuild: { limit: 2, windowMs: 1000 } });
  const { userId } = fixture.members.member;
  const path = (roleId: string) => `/guilds/${fixture.guildId}/members/${userId}/roles/${roleId}`;

  expect((await api('PUT', path(fixture.roles.red.id))).status).toBe(204);
  expect((await api('DELETE', path(fixture.roles.red.id))).status).toBe(204);
  const limited = await api('PUT', path(fixture.roles.red.id));

  expect(limited.status).toBe(429);
  expect(limited.body).toMatchObject({ message: 'You are being rate limited.', global: false, code: 0 });
  expect(limited.body.retry_after).toBeGreaterThan(0);
  expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
});

test('injected faults answer 5xx then recover', async () => {
  const fault = fake.injectFault({ method: 'GET', route: '/guilds/:guild_id', count: 2, kind: 'status', status: 502 });
  expect((await api('GET', `/guilds/${fixture.guildId}`)).status).toBe(502);
  expect((await api('GET', `/guilds/${fixture.guildId}`)).status).toBe(502);
  expect((await api('GET', `/guilds/${fixture.guildId}`)).status).toBe(200);
  expect(fault.hits).toBe(2);
});

test('injected hang never answers', async () => {
  fake.injectFault({ route: /\/users\/@me$/, count: 1, kind: 'hang' });
  const hung = fetch(`${fake.apiUrl}/v10/users/@me`, { headers: { Authorization: `Bot ${fake.token}` }, signal: AbortSignal.timeout(200) });
  await expect(hung).rejects.toThrow();
  expect((await api('GET', '/users/@me')).status).toBe(200);
});

test('late callback answers 10062', async () => {
  const seen: Json[] = [];
  onInteraction = async (interaction) => {
    seen.push(interaction);
  };
  const result = driver.runSlash(fixture.members.admin, 'panel', 'edit', { panel: 'x' });
  await new Promise((resolve) => setTimeout(resolve, 350));
  expect(seen).toHaveLength(1);
  const late = await callback(seen[0], 4, { content: 'too late' });
  expect(late.status).toBe(404);
  expect(late.body).toEqual({ message: 'Unknown interaction', code: 10062 });
  expect(result.record.callbackType).toBeNull();
});

test('interaction payload has discord.js required fields', async () => {
  const seen: Json[] = [];
  onInteraction = async (interaction) => {
    seen.push(interaction);
    await callback(interaction, 4, { content: 'ok', flags: 64 });
  };
  await driver.runSlash(fixture.members.admin, 'panel', 'edit', { panel: 'x' }).reply();
  const [interaction] = seen;
  expect(interaction).toMatchObject({
    application_id: fake.applicationId,
    type: 2,
    guild_id: fixture.guildId,
    channel_id: fixture.channels.general.id,
    version: 1,
    entitlements: [],
    authorizing_integration_owners: { '0': fixture.guildId },
    context: 0,
    locale: 'en-US',
  });
  expect(interaction.channel.id).toBe(fixture.channels.general.id);
  expect(interaction.member.user.id).toBe(fixture.members.admin.userId);
  expect(BigInt(interaction.member.permissions) & (1n << 28n)).toBe(1n << 28n);
  expect(typeof interaction.app_permissions).toBe('string');
  expect(interaction.data.options[0]).toMatchObject({ name: 'edit', type: 1, options: [{ name: 'panel', type: 3, value: 'x' }] });
});

test('autocomplete returns the bot choices', async () => {
  onInteraction = async (interaction) => {
    const focused = interaction.data.options[0].options.find((option: Json) => option.focused);
    await callback(interaction, 8, { choices: [{ name: `match ${focused.value}`, value: '42' }] });
  };
  const choices = await driver.autocomplete(fixture.members.admin, 'panel', 'edit', { panel: 'Col' }, 'panel');
  expect(choices).toEqual([{ name: 'match Col', value: '42' }]);
});

test('modal opens and submits declared fields', async () => {
  const submissions: Json[] = [];
  onInteraction = async (interaction) => {
    if (interaction.type === 2) {
      await callback(interaction, 9, {
        custom_id: 'panel:text:1',
        title: 'Edit panel',
        components: [{ type: 1, components: [{ type: 4, custom_id: 'title', label: 'Title', style: 1, value: 'Old' }] }],
      });
    } else if (interaction.type === 5) {
      submissions.push(interaction.data);
      await callback(interaction, 4, { content: 'saved', flags: 64 });
    }
  };
  const modal = await driver.runSlash(fixture.members.admin, 'panel', 'edit', { panel: '1' }).modal();
  expect(modal.fieldCustomIds).toEqual(['title']);
  expect(() => driver.submitModal(fixture.members.admin, modal, { colour: 'red' })).toThrow(/no field "colour"/);

  const reply = await driver.submitModal(fixture.members.admin, modal, { title: 'New' }).reply();
  expect(reply.content).toBe('saved');
  expect(submissions[0]).toEqual({
    custom_id: 'panel:text:1',
    components: [{ type: 1, components: [{ type: 4, custom_id: 'title', value: 'New' }] }],
  });
});

test('role select resolves roles and updates message', async () => {
  const posted = await api('POST', `/channels/${fixture.channels.general.id}/messages`, {
    content: 'editor',
    components: [{ type: 1, components: [{ type: 6, custom_id: 'panel:add-role', max_values: 2 }] }],
  });
  expect(posted.status).toBe(200);

  const selections: Json[] = [];
  onInteraction = async (interaction) => {
    selections.push(interaction);
    await callback(interaction, 6);
    const edited = await api('PATCH', `/webhooks/${fake.applicationId}/${interaction.token}/messages/%40original`, { content: 'updated' }, false);
    expect(edited.status).toBe(200);
  };
  const result = driver.select(fixture.members.admin, posted.body, 'panel:add-role', [fixture.roles.red.id, fixture.roles.blue.id]);
  const final = await result.final();

  expect(final.messageId).toBe(posted.body.id);
  expect(final.content).toBe('updated');
  expect(selections[0].message.id).toBe(posted.body.id);
  expect(Object.keys(selections[0].data.resolved.roles)).toEqual([fixture.roles.red.id, fixture.roles.blue.id]);
  expect(() => driver.select(fixture.members.admin, posted.body, 'panel:add-role', [])).toThrow(/takes 1 to 2 values/);
});

test('callback with_response returns the message', async () => {
  let answer: Json;
  onInteraction = async (interaction) => {
    answer = await callback(interaction, 5, { flags: 64 }, '?with_response=true');
    await api('PATCH', `/webhooks/${fake.applicationId}/${interaction.token}/messages/@original`, { content: 'done' }, false);
  };
  const reply = await driver.runSlash(fixture.members.admin, 'panel', 'edit', { panel: '1' }).reply();
  expect(reply.content).toBe('done');
  expect(answer!.status).toBe(200);
  expect(answer!.body.resource.type).toBe(5);
  expect(answer!.body.interaction.response_message_loading).toBe(true);
  expect(answer!.body.interaction.response_message_ephemeral).toBe(true);
});

test('invalid message body answers 50035', async () => {
  const response = await api('POST', `/channels/${fixture.channels.general.id}/messages`, {
    components: [{ type: 1, components: [{ type: 2, style: 1, label: 'x'.repeat(81), custom_id: 'a' }] }],
  });
  expect(response.status).toBe(400);
  expect(response.body.code).toBe(50035);
  expect(response.body.errors.components[0].components[0].label._errors[0].code).toBe('BASE_TYPE_BAD_LENGTH');
});

test('embed fields count toward 6000 characters', async () => {
  const fields = Array.from({ length: 3 }, (_, index) => ({ name: `field ${index}`, value: 'v'.repeat(1024) }));
  const embeds = [
    { title: 't', description: 'd'.repeat(3000), fields },
    { title: 't', footer: { text: 'f'.repeat(100) } },
  ];
  const response = await api('POST', `/channels/${fixture.channels.general.id}/messages`, { embeds });
  expect(response.status).toBe(400);
  expect(response.body.code).toBe(50035);
  expect(response.body.errors.embeds._errors[0].code).toBe('MESSAGE_EMBED_TOO_LONG');
});
