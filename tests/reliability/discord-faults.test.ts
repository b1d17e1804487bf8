import { CallbackType, type MemberRef } from '../fake-discord';
import { PanelSeeder, type SeededPanel } from '../e2e/click-seeding';
import { startWorld, type World } from '../e2e/harness';
import { appliedRoleRequests, DISCORD_ACK_LIMIT_MS, isAnswered, rejectedCallbacks, replyContent, successfulCallbacks, waitUntil } from './support';

const MEMBER_ROLE_ROUTE = '/guilds/:guild_id/members/:user_id/roles/:role_id';
/** One attempt times out after 4 s, then waits 0.5 s and 1.5 s between the three attempts. */
const HUNG_CLICK_TIMEOUT_MS = 30_000;

describe('Discord faults on sqlite', () => {
  let world: World;
  let seeder: PanelSeeder;
  let panel: SeededPanel;

  beforeAll(async () => {
    world = await startWorld('sqlite', { env: { LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '30000' } });
    seeder = await PanelSeeder.open(world);
    panel = await seeder.post({ roles: [world.guild.roles.red] });
  }, 60_000);

  afterAll(async () => {
    world?.fake.clearFaults();
    await seeder?.close();
    await world?.close();
  });

  const newMember = () => world.driver.addMember(world.guild.guildId);
  const clickRed = (member: MemberRef) => world.driver.click(member, { id: panel.messageId }, panel.buttons[world.guild.roles.red.id]);

  it('5xx is retried, then applied', async () => {
    const fault = world.fake.injectFault({ method: 'PUT', route: MEMBER_ROLE_ROUTE, count: 2, kind: 'status', status: 502 });
    const member = newMember();
    const reply = await clickRed(member).final({ timeoutMs: 10_000 });

    expect(fault.hits).toBe(2);
    expect(reply.content).toBe(`Added <@&${world.guild.roles.red.id}>.`);
    expect(appliedRoleRequests(world.fake, member)).toHaveLength(1);
    expect(world.driver.memberRoles(member)).toEqual([world.guild.roles.red.id]);
  });

  it('lasting 5xx gets a clear reply', async () => {
    const fault = world.fake.injectFault({ method: 'PUT', route: MEMBER_ROLE_ROUTE, count: 100, kind: 'status', status: 500 });
    try {
      const member = newMember();
      const click = clickRed(member);
      const reply = await click.final({ timeoutMs: 10_000 });

      expect(click.record.callbackType).toBe(CallbackType.DeferredChannelMessageWithSource);
      expect(fault.hits).toBe(3);
      expect(reply.content).toContain('Discord did not confirm the change');
      expect(reply.content).toContain('may or may not have been applied');
      expect(world.driver.memberRoles(member)).toEqual([]);
    } finally {
      world.fake.clearFaults();
    }
  });

  it('hung role request gets a clear reply', async () => {
    const fault = world.fake.injectFault({ method: 'PUT', route: MEMBER_ROLE_ROUTE, count: 3, kind: 'hang' });
    const member = newMember();
    const click = clickRed(member);
    const reply = await click.final({ timeoutMs: HUNG_CLICK_TIMEOUT_MS });

    expect(fault.hits).toBe(3);
    expect(click.timeline().ackMs).toBeLessThan(DISCORD_ACK_LIMIT_MS);
    expect(reply.content).toContain('may or may not have been applied');
  }, HUNG_CLICK_TIMEOUT_MS + 5000);

  it('expired interaction is logged', async () => {
    world.fake.timing.interactionAckTimeoutMs = 0;
    const member = newMember();
    try {
      const click = clickRed(member);
      await world.bot.waitForLog((line) => line.message === 'Interaction could not be answered' && line.interactionId === click.id);
    } finally {
      world.fake.timing.interactionAckTimeoutMs = DISCORD_ACK_LIMIT_MS;
    }
    expect(appliedRoleRequests(world.fake, member)).toEqual([]);
    // Still serving.
    expect((await clickRed(newMember()).final()).content).toContain('Added');
  });

  it('already acknowledged is logged', async () => {
    const member = newMember();
    const click = clickRed(member);
    // Another process acknowledged first, as when two bot processes share one token.
    click.record.callbackType = CallbackType.ChannelMessageWithSource;
    const logged = await world.bot.waitForLog((line) => line.message === 'Interaction could not be answered' && line.interactionId === click.id);

    expect(logged.code).toBe(40060);
    expect(appliedRoleRequests(world.fake, member)).toEqual([]);
    expect((await clickRed(newMember()).final()).content).toContain('Added');
  });

  it('gateway drop mid-burst repeats nothing', async () => {
    const members = Array.from({ length: 100 }, () => newMember());
    const ids: string[] = [];
    for (const [index, member] of members.entries()) {
      if (index === 50) expect(world.fake.dropConnections('abrupt')).toBeGreaterThan(0);
      ids.push(clickRed(member).id);
    }
    await waitUntil('every click is answered', () => ids.every((id) => isAnswered(world.fake, id)), 20_000);

    const callbacks = successfulCallbacks(world.fake);
    expect(ids.filter((id) => callbacks.get(id) !== 1)).toEqual([]);
    expect(rejectedCallbacks(world.fake).filter((request) => ids.some((id) => request.path.startsWith(`/interactions/${id}/`)))).toEqual([]);
    expect(members.filter((member) => appliedRoleRequests(world.fake, member).length !== 1)).toEqual([]);
    expect(world.fake.gateway.counters.resume).toBeGreaterThan(0);
  });

  it('SIGTERM finishes clicks in flight', async () => {
    const members = Array.from({ length: 150 }, () => newMember());
    world.fake.setRateLimits({ globalPerSecond: 50, memberRolePerGuild: { limit: 50, windowMs: 1000 } });
    const ids = members.map((member) => clickRed(member).id);
    await waitUntil('every click is acknowledged', () => ids.every((id) => world.fake.interactions.get(id)?.callbackType !== null), 3000);

    const exitCode = await world.bot.stop('SIGTERM', 30_000);
    world.fake.setRateLimits(null);

    expect(exitCode).toBe(0);
    expect(ids.filter((id) => !isAnswered(world.fake, id))).toEqual([]);
    expect(ids.filter((id) => !replyContent(world.fake, id).startsWith('Added'))).toEqual([]);
    expect(members.filter((member) => appliedRoleRequests(world.fake, member).length !== 1)).toEqual([]);
    expect(world.bot.logs.some((line) => line.message === 'Interactions still running at the shutdown deadline')).toBe(false);
  }, 40_000);
});
