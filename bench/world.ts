import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { createDataSource } from '../src/database';
import { buildPanelMessage } from '../src/discord/panelMessage';
import { Panel, PanelRole } from '../src/entities';
import { DiscordDriver, FakeDiscord, type GuildFixture, type MemberRef } from '../tests/fake-discord';
import type { TestDatabase } from '../tests/support/databases';

/** A posted message with role buttons that the load generator clicks. */
export interface ClickTarget {
  /** The panel's database id; null for the floor, which has no database. */
  panelId: number | null;
  messageId: string;
  /** Custom ids of the buttons, clicked in turn. */
  customIds: string[];
}

/** The fake Discord with one guild shaped like the tests' fixture. */
export interface BenchWorld {
  fake: FakeDiscord;
  driver: DiscordDriver;
  guild: GuildFixture;
  /** Roles the panels hand out: below the bot, without dangerous permissions. */
  panelRoleIds: string[];
}

export async function startWorld(): Promise<BenchWorld> {
  const fake = new FakeDiscord();
  await fake.start();
  const driver = new DiscordDriver(fake, { timeoutMs: 10_000 });
  const guild = driver.setupGuild({ name: 'Bench Guild' });
  const panelRoleIds = [guild.roles.red.id, guild.roles.green.id, guild.roles.blue.id];
  return { fake, driver, guild, panelRoleIds };
}

/** Sends a message to a channel as the bot, through the fake's REST API. */
async function postAsBot(fake: FakeDiscord, channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<APIMessage> {
  const response = await fetch(`${fake.apiUrl}/v10/channels/${channelId}/messages`, {
    method: 'POST',
    headers: { Authorization: `Bot ${fake.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`posting a message as the bot failed with HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as APIMessage;
}

/**
 * Creates a toggle panel with the world's roles directly in the bot's database (which the
 * bot has migrated), posts its message as the bot would, and stores the message id. The
 * message is built by the bot's own renderer, so the custom ids are the real ones.
 */
export async function seedPanel(world: BenchWorld, database: TestDatabase): Promise<ClickTarget> {
  const dataSource = createDataSource(database.config);
  await dataSource.initialize();
  try {
    const panels = dataSource.getRepository(Panel);
    const roles = dataSource.getRepository(PanelRole);
    const panel = await panels.save(
      panels.create({
        guildId: world.guild.guildId,
        title: 'Pick your colour',
        description: 'Click a button to get the role, click again to drop it.',
        color: 0x5865f2,
        mode: 'toggle',
        maxRoles: null,
        requiredRoleId: null,
        channelId: null,
        messageId: null,
      }),
    );
    panel.roles = await roles.save(
      world.panelRoleIds.map((roleId, position) =>
        roles.create({ panelId: panel.id, roleId, label: world.fake.role(world.guild.guildId, roleId).name, emoji: null, style: 'secondary', position }),
      ),
    );

    const rendered = buildPanelMessage(panel);
    const channelId = world.guild.channels.general.id;
    const message = await postAsBot(world.fake, channelId, {
      embeds: (rendered.embeds ?? []).map((embed) => ('toJSON' in embed ? embed.toJSON() : embed)),
      components: (rendered.components ?? []).map((row) => ('toJSON' in row ? row.toJSON() : row)) as RESTPostAPIChannelMessageJSONBody['components'],
      allowed_mentions: { parse: [] },
    });
    await panels.update({ id: panel.id }, { channelId, messageId: message.id });
    return { panelId: panel.id, messageId: message.id, customIds: world.driver.channelMessages(channelId).find((view) => view.messageId === message.id)?.customIds ?? [] };
  } finally {
    await dataSource.destroy();
  }
}

/** Posts the floor bot's panel: the same roles, with custom ids that carry the role id. */
export async function postFloorPanel(world: BenchWorld): Promise<ClickTarget> {
  const customIds = world.panelRoleIds.map((roleId) => `floor:${roleId}`);
  const message = await postAsBot(world.fake, world.guild.channels.general.id, {
    content: 'Pick your colour',
    components: [
      {
        type: 1,
        components: world.panelRoleIds.map((roleId, index) => ({
          type: 2,
          style: 2,
          label: world.fake.role(world.guild.guildId, roleId).name,
          custom_id: customIds[index],
        })),
      },
    ],
    allowed_mentions: { parse: [] },
  });
  return { panelId: null, messageId: message.id, customIds };
}

/** Adds `count` new members without roles, so that every click in a step is a member's first. */
export function addMembers(world: BenchWorld, count: number, prefix: string): MemberRef[] {
  const members: MemberRef[] = [];
  for (let index = 0; index < count; index += 1) {
    members.push(world.driver.addMember(world.guild.guildId, { username: `${prefix}-${index}` }));
  }
  return members;
}
