import net from 'node:net';
import Database from 'better-sqlite3';
import type { MemberRef } from '../fake-discord';
import { CallbackType } from '../fake-discord';
import { PanelSeeder, type SeededPanel } from '../e2e/click-seeding';
import { startWorld, type World } from '../e2e/harness';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { appliedRoleRequests, DISCORD_ACK_LIMIT_MS } from './support';

const TRY_AGAIN = 'The bot cannot reach its database right now, so nothing was changed. Please try again shortly.';

/** A TCP proxy on 127.0.0.1 in front of PostgreSQL that a test can cut (refusing and resetting connections) and restore. */
class CuttableProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly targetPort: number) {}

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and resets every open connection, as a database host that went down. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.resetAndDestroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Clicks, a panel change, and the checks that the outage wrote nothing and ended by itself. */
function outageSteps(world: () => World, panel: () => SeededPanel, seeder: () => PanelSeeder) {
  const newMember = () => world().driver.addMember(world().guild.guildId);
  const clickRed = (member: MemberRef) => world().driver.click(member, { id: panel().messageId }, panel().buttons[world().guild.roles.red.id]);

  /** Clicks during the outage. Each is acknowledged at once and its reply asks to try again, and no role request is sent. */
  const clickDuringOutage = async (): Promise<void> => {
    const member = newMember();
    const click = clickRed(member);
    const reply = await click.final({ timeoutMs: 15_000 });

    expect(click.record.callbackType).toBe(CallbackType.DeferredChannelMessageWithSource);
    expect(click.timeline().ackMs).toBeLessThan(DISCORD_ACK_LIMIT_MS);
    expect(reply.content).toBe(TRY_AGAIN);
    expect(appliedRoleRequests(world().fake, member)).toEqual([]);
  };

  /** Adds a role to the panel during the outage. The reply asks to try again. */
  const changeDuringOutage = async (): Promise<void> => {
    const click = world().driver.runSlash(world().guild.members.owner, 'panel', 'add-role', { panel: String(panel().id), role: world().guild.roles.green.id });
    const reply = await click.final({ timeoutMs: 15_000 });

    expect(click.timeline().ackMs).toBeLessThan(DISCORD_ACK_LIMIT_MS);
    expect(reply.content).toBe(TRY_AGAIN);
  };

  /** Checks the stored panel is as it was before the outage, and that clicks work again without a restart. */
  const checkRecovered = async (versionBefore: number): Promise<void> => {
    const stored = await seeder().stored(panel().id);
    expect(stored?.roles.map((role) => role.roleId)).toEqual([world().guild.roles.red.id]);
    expect(stored?.version).toBe(versionBefore);
    const member = newMember();
    const reply = await clickRed(member).final({ timeoutMs: 10_000 });
    expect(reply.content).toBe(`Added <@&${world().guild.roles.red.id}>.`);
  };

  return { clickDuringOutage, changeDuringOutage, checkRecovered };
}

describe('database outage on postgres', () => {
  let database: TestDatabase;
  let proxy: CuttableProxy;
  let world: World;
  let seeder: PanelSeeder;
  let panel: SeededPanel;
  const steps = outageSteps(() => world, () => panel, () => seeder);

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const url = new URL(database.env.DATABASE_URL);
    proxy = new CuttableProxy(Number(url.port || 5432));
    await proxy.open();
    url.port = String(proxy.port);
    world = await startWorld('postgres', { env: { DATABASE_URL: url.toString(), LOG_LEVEL: 'info' } });
    // The seeder connects straight to PostgreSQL, past the proxy.
    seeder = await PanelSeeder.open({ ...world, database });
    panel = await seeder.post({ roles: [world.guild.roles.red] });
  }, 60_000);

  afterAll(async () => {
    await seeder?.close();
    await world?.close();
    await proxy?.cut();
    await database?.drop();
  });

  it('clicks get try again, then recover', async () => {
    const versionBefore = (await seeder.stored(panel.id))?.version as number;
    await proxy.cut();
    try {
      await steps.clickDuringOutage();
      await steps.clickDuringOutage();
      await steps.changeDuringOutage();
    } finally {
      await proxy.open();
    }
    await steps.checkRecovered(versionBefore);
    expect(world.bot.child.exitCode).toBeNull();
  }, 60_000);
});

describe('database lock on sqlite', () => {
  let world: World;
  let seeder: PanelSeeder;
  let panel: SeededPanel;
  const steps = outageSteps(() => world, () => panel, () => seeder);

  beforeAll(async () => {
    world = await startWorld('sqlite', { env: { LOG_LEVEL: 'info' } });
    seeder = await PanelSeeder.open(world);
    panel = await seeder.post({ roles: [world.guild.roles.red] });
  }, 60_000);

  afterAll(async () => {
    await seeder?.close();
    await world?.close();
  });

  // Another process (a backup script, the sqlite3 shell) holds the write lock. In WAL mode
  // readers go on, so clicks keep working. A write waits busy_timeout (5 s) and then fails
  // with SQLITE_BUSY, and the reply asks to try again shortly. The acknowledgement goes out
  // before the wait, so Discord's 3 s limit still holds.
  it('writes get try again, clicks go on', async () => {
    const versionBefore = (await seeder.stored(panel.id))?.version as number;
    const locker = new Database(world.database.config.kind === 'sqlite' ? world.database.config.file : '');
    locker.exec('BEGIN EXCLUSIVE');
    try {
      await steps.changeDuringOutage();
      const member = world.driver.addMember(world.guild.guildId);
      const reply = await world.driver.click(member, { id: panel.messageId }, panel.buttons[world.guild.roles.red.id]).final({ timeoutMs: 10_000 });
      expect(reply.content).toBe(`Added <@&${world.guild.roles.red.id}>.`);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    await steps.checkRecovered(versionBefore);
  }, 60_000);
});
