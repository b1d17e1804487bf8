import 'reflect-metadata';
import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';
import type { Client } from 'discordx';
import type { PanelMode } from '../../src/entities';
import type { ClickGuild } from '../../src/services/guildView';
import { MemberQueue } from '../../src/services/memberQueue';
import { RejectionLog } from '../../src/services/rejectionLog';
import { RoleAssignment, type RoleClick } from '../../src/services/RoleAssignment';
import type { RoleFacts } from '../../src/services/roleRules';
import { recordingLogger, type LogEntry } from './recordingLogger';
import { ENGINES } from '../support/databases';
import { openMigratedDatabase, type MigratedDatabase } from './testDatabase';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const CHANNEL = '200000000000000001';
const MESSAGE = '300000000000000001';
const USER = '400000000000000001';
const RED = '500000000000000001';
const GREEN = '500000000000000002';
const BLUE = '500000000000000003';
const MEMBER_ROLE = '500000000000000009';
const BOT_ROLE = '500000000000000099';

function role(id: string, position: number, extra: Partial<RoleFacts> = {}): RoleFacts {
  return { id, name: `role ${id.slice(-2)}`, position, managed: false, permissions: 0n, ...extra };
}

/** The guild as the click reads it: a role cache, the bot's highest role and its permission. */
class FakeGuild implements ClickGuild {
  readonly id = GUILD;
  readonly roles = new Map<string, RoleFacts>([
    [RED, role(RED, 1)],
    [GREEN, role(GREEN, 2)],
    [BLUE, role(BLUE, 3)],
    [MEMBER_ROLE, role(MEMBER_ROLE, 4)],
    [BOT_ROLE, role(BOT_ROLE, 10)],
  ]);
  canManageRoles = true;
  botMemberFetches = 0;

  role(roleId: string) {
    return this.roles.get(roleId);
  }
  botHighestRole() {
    return this.roles.get(BOT_ROLE);
  }
  botCanManageRoles() {
    return this.canManageRoles;
  }
  async refreshBotMember() {
    this.botMemberFetches += 1;
  }
}

interface RoleRequest {
  method: 'PUT' | 'DELETE';
  route: string;
  reason: string | undefined;
}

/** Stands in for the REST client: records member-role requests and applies them to one member. */
class FakeRest {
  readonly requests: RoleRequest[] = [];
  readonly memberRoles = new Set<string>();
  /** Role ids for which Discord responds 50013 Missing Permissions. */
  readonly forbidden = new Set<string>();

  async put(route: string, options: { reason?: string }) {
    await this.handle('PUT', route, options.reason);
  }
  async delete(route: string, options: { reason?: string }) {
    await this.handle('DELETE', route, options.reason);
  }

  private async handle(method: 'PUT' | 'DELETE', route: string, reason: string | undefined): Promise<void> {
    // Yield like a network call, so other clicks get a chance to run in between.
    await new Promise((resolve) => setImmediate(resolve));
    this.requests.push({ method, route, reason });
    const roleId = route.split('/').at(-1) as string;
    if (this.forbidden.has(roleId)) {
      throw new DiscordAPIError({ code: 50013, message: 'Missing Permissions' }, RESTJSONErrorCodes.MissingPermissions, 403, method, route, {});
    }
    if (method === 'PUT') this.memberRoles.add(roleId);
    else this.memberRoles.delete(roleId);
  }
}

describe.each(ENGINES)('RoleAssignment on %s', (kind) => {
  let database: MigratedDatabase;
  let guild: FakeGuild;
  let rest: FakeRest;
  let entries: LogEntry[];
  let rejections: RejectionLog;
  let assignment: RoleAssignment;
  let panelRoleIds: Record<string, number>;
  let panelId: number;

  beforeEach(async () => {
    database = await openMigratedDatabase(kind);
    guild = new FakeGuild();
    rest = new FakeRest();
    const recorded = recordingLogger();
    entries = recorded.entries;
    rejections = new RejectionLog(recorded.logger);
    assignment = new RoleAssignment(database.store, new MemberQueue(), rejections, { rest } as unknown as Client, recorded.logger);
  });

  afterEach(async () => {
    rejections.close();
    await database.drop();
  });

  async function seedPanel(mode: PanelMode, options: { maxRoles?: number; requiredRoleId?: string } = {}): Promise<void> {
    const panel = await database.store.create(GUILD, {
      title: 'Colours',
      description: null,
      color: null,
      mode,
      maxRoles: options.maxRoles ?? null,
      requiredRoleId: options.requiredRoleId ?? null,
    });
    panelId = panel.id;
    panelRoleIds = {};
    for (const [label, roleId] of [['Red', RED], ['Green', GREEN], ['Blue', BLUE]]) {
      const added = await database.store.addRole(GUILD, panel.id, { roleId, label, emoji: null, style: 'secondary' });
      panelRoleIds[roleId] = added.id;
    }
    await database.store.setMessage(GUILD, panel.id, CHANNEL, MESSAGE);
  }

  function click(roleId: string, memberRoles: string[] = [], extra: Partial<RoleClick> = {}): Promise<string> {
    return assignment.handle(
      { guild, userId: USER, messageId: MESSAGE, panelRoleId: panelRoleIds[roleId], memberRoleIds: new Set(memberRoles), ...extra },
      Promise.resolve(),
    );
  }

  const warnings = () => entries.filter((entry) => entry.level === 'warn');

  it('toggle adds role', async () => {
    await seedPanel('toggle');
    const reply = await click(RED);
    expect(reply).toBe(`Added <@&${RED}>.`);
    expect(rest.requests).toEqual([
      { method: 'PUT', route: `/guilds/${GUILD}/members/${USER}/roles/${RED}`, reason: `Role panel ${panelId} "Colours": clicked by ${USER}` },
    ]);
  });

  it('toggle removes held role', async () => {
    await seedPanel('toggle');
    const reply = await click(RED, [RED]);
    expect(reply).toBe(`Removed <@&${RED}>.`);
    expect(rest.requests.map((request) => request.method)).toEqual(['DELETE']);
  });

  it('double click ends where it began', async () => {
    await seedPanel('toggle');
    // Both snapshots predate the first change, as with two clicks in quick succession.
    const replies = await Promise.all([click(RED), click(RED)]);
    expect(replies).toEqual([`Added <@&${RED}>.`, `Removed <@&${RED}>.`]);
    expect([...rest.memberRoles]).toEqual([]);
  });

  it('unique switch keeps last pick', async () => {
    await seedPanel('unique');
    const replies = await Promise.all([click(RED), click(GREEN)]);
    expect(replies[0]).toBe(`Added <@&${RED}>.`);
    expect(replies[1]).toBe(`Added <@&${GREEN}>.\nRemoved <@&${RED}>.`);
    expect([...rest.memberRoles]).toEqual([GREEN]);
  });

  it('unique drops roles given by hand', async () => {
    await seedPanel('unique');
    const reply = await click(RED, [GREEN, BLUE]);
    expect(reply).toBe(`Added <@&${RED}>.\nRemoved <@&${GREEN}>, <@&${BLUE}>.`);
  });

  it('unique leaves unmanageable roles', async () => {
    await seedPanel('unique');
    guild.roles.set(BLUE, role(BLUE, 20));
    const reply = await click(RED, [BLUE]);
    expect(reply).toBe(`Added <@&${RED}>.\n<@&${BLUE}> stayed because the bot can no longer manage it.`);
    expect(rest.requests.map((request) => request.method)).toEqual(['PUT']);
  });

  it('verify reports held role', async () => {
    await seedPanel('verify');
    const reply = await click(RED, [RED]);
    expect(reply).toContain(`You already have <@&${RED}>`);
    expect(rest.requests).toEqual([]);
  });

  it('drop reports missing role', async () => {
    await seedPanel('drop');
    const reply = await click(RED);
    expect(reply).toContain(`You do not have <@&${RED}>`);
    expect(rest.requests).toEqual([]);
  });

  it('max roles names cap and roles', async () => {
    await seedPanel('toggle', { maxRoles: 2 });
    const reply = await click(RED, [GREEN, BLUE]);
    expect(reply).toContain('at most 2 of its roles');
    expect(reply).toContain(`<@&${GREEN}>, <@&${BLUE}>`);
    expect(rest.requests).toEqual([]);
  });

  it('required role names role', async () => {
    await seedPanel('toggle', { requiredRoleId: MEMBER_ROLE });
    const reply = await click(RED);
    expect(reply).toBe(`You need <@&${MEMBER_ROLE}> to use this panel. Nothing was changed.`);
    expect(rest.requests).toEqual([]);
  });

  it('deleted panel changes nothing', async () => {
    await seedPanel('toggle');
    await database.store.delete(GUILD, panelId);
    const reply = await click(RED);
    expect(reply).toContain('This panel was deleted');
    expect(rest.requests).toEqual([]);
    expect(warnings()[0].fields).toMatchObject({ guildId: GUILD, messageId: MESSAGE });
  });

  it('other guild sees no panel', async () => {
    await seedPanel('toggle');
    const reply = await click(RED, [], { guild: Object.assign(new FakeGuild(), { id: OTHER_GUILD }) });
    expect(reply).toContain('This panel was deleted');
    expect(rest.requests).toEqual([]);
  });

  it('forged button id changes nothing', async () => {
    await seedPanel('toggle');
    const reply = await click(RED, [], { panelRoleId: 999999 });
    expect(reply).toContain('not part of this panel');
    expect(rest.requests).toEqual([]);
    expect(warnings()[0].fields).toMatchObject({ guildId: GUILD, panelId, panelRoleId: 999999 });
  });

  it('deleted role changes nothing', async () => {
    await seedPanel('toggle');
    guild.roles.delete(RED);
    const reply = await click(RED);
    expect(reply).toContain('"Red" button was deleted');
    expect(rest.requests).toEqual([]);
    expect(warnings()[0].fields).toMatchObject({ guildId: GUILD, panelId, roleId: RED });
  });

  it('role above bot changes nothing', async () => {
    await seedPanel('toggle');
    guild.roles.set(RED, role(RED, 11));
    const reply = await click(RED);
    expect(reply).toContain("above the bot's highest role");
    expect(rest.requests).toEqual([]);
    expect(guild.botMemberFetches).toBe(1);
  });

  it('bot member fetched once a minute', async () => {
    await seedPanel('toggle');
    guild.roles.set(RED, role(RED, 11));
    await click(RED);
    await click(RED);
    expect(guild.botMemberFetches).toBe(1);
  });

  it('managed role changes nothing', async () => {
    await seedPanel('toggle');
    guild.roles.set(RED, role(RED, 1, { managed: true }));
    const reply = await click(RED);
    expect(reply).toContain('Discord manages it');
    expect(rest.requests).toEqual([]);
  });

  it('dangerous role changes nothing', async () => {
    await seedPanel('toggle');
    guild.roles.set(RED, role(RED, 1, { permissions: PermissionFlagsBits.BanMembers }));
    const reply = await click(RED, [RED]);
    expect(reply).toContain('Ban Members');
    expect(rest.requests).toEqual([]);
    expect(warnings()[0].fields).toMatchObject({ reason: 'dangerous', roleId: RED });
  });

  it('missing Manage Roles changes nothing', async () => {
    await seedPanel('toggle');
    guild.canManageRoles = false;
    const reply = await click(RED);
    expect(reply).toContain('lacks the Manage Roles permission');
    expect(rest.requests).toEqual([]);
  });

  it('Discord 50013 is explained', async () => {
    await seedPanel('toggle');
    rest.forbidden.add(RED);
    const reply = await click(RED);
    expect(reply).toContain('Discord rejected the change');
    expect(reply).toContain('Nothing was changed.');
    expect([...rest.memberRoles]).toEqual([]);
    expect(warnings()[0].fields).toMatchObject({ guildId: GUILD, panelId, roleId: RED, code: 50013 });
  });

  it('repeated rejections log once', async () => {
    await seedPanel('toggle');
    guild.roles.delete(RED);
    for (let index = 0; index < 5; index += 1) await click(RED);
    expect(warnings()).toHaveLength(1);
    rejections.flush();
    expect(warnings()[1].fields.repeats).toBe(4);
  });

  it('fresh instance serves stored panel', async () => {
    await seedPanel('verify');
    const recorded = recordingLogger();
    const restarted = new RoleAssignment(database.store, new MemberQueue(), new RejectionLog(recorded.logger), { rest } as unknown as Client, recorded.logger);
    const reply = await restarted.handle(
      { guild, userId: USER, messageId: MESSAGE, panelRoleId: panelRoleIds[GREEN], memberRoleIds: new Set() },
      Promise.resolve(),
    );
    expect(reply).toBe(`Added <@&${GREEN}>.`);
  });
});
