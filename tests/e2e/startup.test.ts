import { DiscordDriver, FakeDiscord } from '../fake-discord';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases';
import { startBot, startWorld, type World } from './harness';

describe.each(ENGINES)('bot on %s', (engine) => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld(engine);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('logs in and registers commands', async () => {
    const started = await world.bot.waitForLog((line) => line.message === 'Bot started');
    expect(started.database).toBe(engine);
    expect(world.fake.gateway.counters.identify).toBe(1);
    const registered = world.fake.recorder.find('PUT', /\/applications\/\d+\/commands$/);
    expect(registered.length).toBeGreaterThan(0);
    expect(world.fake.unknownRoutes).toEqual([]);
  });

  it('registers /panel guild-only for Manage Roles', () => {
    const [registration] = world.fake.recorder.find('PUT', /\/applications\/\d+\/commands$/);
    const panel = (registration.body as Array<Record<string, unknown>>).find((command) => command.name === 'panel');
    expect(panel).toBeDefined();
    expect(panel?.default_member_permissions).toBe(String(1n << 28n));
    expect(panel?.contexts).toEqual([0]);
  });

  it('answers a slash command', async () => {
    const { admin } = world.guild.members;
    const reply = await world.driver.runSlash(admin, 'panel', 'list').final();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('no panels');
  });

  it('resumes after a dropped connection', async () => {
    world.fake.dropConnections('abrupt');
    await world.bot.waitForLog((line) => line.message === 'Gateway session resumed');
    const reply = await world.driver.runSlash(world.guild.members.admin, 'panel', 'list').final();
    expect(reply.content).toContain('no panels');
    expect(world.fake.gateway.counters.resume).toBe(1);
    expect(world.fake.gateway.counters.identify).toBe(1);
  });

  it('stops cleanly on SIGTERM', async () => {
    const code = await world.bot.stop('SIGTERM');
    expect(code).toBe(0);
    expect(world.bot.logs.some((line) => line.message === 'Stopped')).toBe(true);
  });
});

describe('bot start-up failures', () => {
  let fake: FakeDiscord;
  let database: TestDatabase;

  beforeAll(async () => {
    fake = new FakeDiscord();
    await fake.start();
    new DiscordDriver(fake).setupGuild();
    database = await createTestDatabase('sqlite');
  });

  afterAll(async () => {
    await fake.stop();
    await database.drop();
  });

  it('exits on a rejected token', async () => {
    const bot = await startBot({ fake, database, env: { DISCORD_TOKEN: 'not-the-token' }, waitUntilStarted: false });
    expect(await bot.exited).toBe(1);
    const error = bot.logs.find((line) => line.level === 'error');
    expect(error?.message).toContain('Could not log in to Discord');
    expect(JSON.stringify(bot.logs)).not.toContain('not-the-token');
  });

  it('exits on an unreachable database', async () => {
    const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' };
    const bot = await startBot({ fake, database, env, waitUntilStarted: false });
    expect(await bot.exited).toBe(1);
    const error = bot.logs.find((line) => line.level === 'error');
    expect(error?.message).toContain('Could not open the postgres database');
    expect(fake.gateway.counters.identify).toBe(0);
  });

  it('exits on invalid config before connecting', async () => {
    const requestsBefore = fake.recorder.requests.length;
    const bot = await startBot({ fake, database, env: { LOG_LEVEL: 'loud' }, waitUntilStarted: false });
    expect(await bot.exited).toBe(78);
    expect(bot.rawOutput.join('\n')).toContain('LOG_LEVEL="loud" is not a log level');
    expect(fake.recorder.requests).toHaveLength(requestsBefore);
  });
});
