import { generateSnowflake } from './snowflake';
import { computeBasePermissions, computeChannelPermissions } from './permissions';

/** JSON as the API sends and receives it. */
export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
}

export interface RoleRecord {
  id: string;
  name: string;
  color: number;
  hoist: boolean;
  position: number;
  permissions: bigint;
  managed: boolean;
  mentionable: boolean;
  /** Discord's role tags: `bot_id` for a bot's own role, `integration_id`, `premium_subscriber: null` for the booster role. */
  tags?: Record<string, string | null>;
}

export interface OverwriteRecord {
  id: string;
  /** 0 for a role, 1 for a member. */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface ChannelRecord {
  id: string;
  guildId: string;
  name: string;
  /** Discord channel type: 0 text, 2 voice, 4 category, 5 announcement. */
  type: number;
  position: number;
  parentId: string | null;
  topic: string | null;
  overwrites: OverwriteRecord[];
  lastMessageId: string | null;
}

export interface MemberRecord {
  userId: string;
  roles: string[];
  joinedAt: string;
  nick: string | null;
  locale: string;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  roles: Map<string, RoleRecord>;
  channels: Map<string, ChannelRecord>;
  members: Map<string, MemberRecord>;
  /** False after the bot was removed: the guild still exists but the bot cannot see it. */
  botIsMember: boolean;
}

export interface MessageRecord {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  /** Set when the message came from an interaction response or follow-up. */
  webhookId: string | null;
  applicationId: string | null;
  type: number;
  content: string;
  embeds: Json[];
  components: Json[];
  flags: number;
  timestamp: string;
  editedTimestamp: string | null;
  /** The interaction this message responds to, as Discord's `interaction_metadata`. */
  interactionMetadata: Json | null;
  /** Id of the message this one replies to, for responses to a component. */
  referencedMessageId: string | null;
  deleted: boolean;
}

export interface CommandRecord {
  id: string;
  applicationId: string;
  guildId: string | null;
  version: string;
  /** The definition as the bot sent it, without `id`, `application_id`, `guild_id` or `version`. */
  definition: Json;
}

/** Message flag bits used by the fake (Discord API v10). */
export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const;

/** The fake's world: users, guilds, messages and commands of one bot application. */
export class FakeState {
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly messages = new Map<string, MessageRecord>();
  readonly globalCommands = new Map<string, CommandRecord>();
  readonly guildCommands = new Map<string, Map<string, CommandRecord>>();
  readonly botUser: UserRecord;
  readonly applicationId: string;

  constructor(botUsername: string) {
    this.botUser = this.createUser({ username: botUsername, bot: true });
    // Discord usually gives a bot's application the same id as its bot user.
    this.applicationId = this.botUser.id;
  }

  createUser(options: { username: string; globalName?: string | null; bot?: boolean }): UserRecord {
    const user: UserRecord = {
      id: generateSnowflake(),
      username: options.username,
      globalName: options.globalName ?? null,
      bot: options.bot ?? false,
    };
    this.users.set(user.id, user);
    return user;
  }

  /** Returns the guild, or undefined when it does not exist or the bot is not in it. */
  visibleGuild(guildId: string): GuildRecord | undefined {
    const guild = this.guilds.get(guildId);
    return guild?.botIsMember ? guild : undefined;
  }

  botMember(guild: GuildRecord): MemberRecord {
    const member = guild.members.get(this.botUser.id);
    if (!member) throw new Error(`bot is not a member of guild ${guild.id}`);
    return member;
  }

  findChannel(channelId: string): { guild: GuildRecord; channel: ChannelRecord } | undefined {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.get(channelId);
      if (channel) return { guild, channel };
    }
    return undefined;
  }

  guildCommandMap(guildId: string): Map<string, CommandRecord> {
    let commands = this.guildCommands.get(guildId);
    if (!commands) {
      commands = new Map();
      this.guildCommands.set(guildId, commands);
    }
    return commands;
  }

  /** Messages of a channel that everyone can see (not ephemeral, not deleted), oldest first. */
  channelMessages(channelId: string): MessageRecord[] {
    return [...this.messages.values()]
      .filter((message) => message.channelId === channelId && !message.deleted && !(message.flags & MessageFlag.Ephemeral))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }
}

// Serializers from records to the API's JSON shapes (API v10).

export function toApiUser(user: UserRecord): Json {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName,
    discriminator: '0',
    avatar: null,
    bot: user.bot || undefined,
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
  };
}

export function toApiRole(role: RoleRecord): Json {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: role.mentionable,
    flags: 0,
    ...(role.tags ? { tags: role.tags } : {}),
  };
}

export function toApiChannel(channel: ChannelRecord): Json {
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    parent_id: channel.parentId,
    topic: channel.topic,
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: channel.lastMessageId,
    flags: 0,
    permission_overwrites: channel.overwrites.map((overwrite) => ({
      id: overwrite.id,
      type: overwrite.type,
      allow: overwrite.allow.toString(),
      deny: overwrite.deny.toString(),
    })),
  };
}

/** Serializes a member as Discord sends it in GUILD_CREATE and REST reads (no `permissions`). */
export function toApiMember(state: FakeState, member: MemberRecord, withUser = true): Json {
  const user = state.users.get(member.userId);
  return {
    ...(withUser && user ? { user: toApiUser(user) } : {}),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    communication_disabled_until: null,
  };
}

/** Serializes a member as Discord puts it in an interaction, with `permissions` computed in the channel. */
export function toInteractionMember(
  state: FakeState,
  guild: GuildRecord,
  member: MemberRecord,
  channel: ChannelRecord | undefined,
  withUser = true,
): Json {
  const permissions = channel ? computeChannelPermissions(guild, member, channel) : computeBasePermissions(guild, member);
  return { ...toApiMember(state, member, withUser), permissions: permissions.toString() };
}

export function toApiMessage(state: FakeState, message: MessageRecord): Json {
  const author = state.users.get(message.authorId);
  const json: Json = {
    id: message.id,
    type: message.type,
    channel_id: message.channelId,
    author: author ? toApiUser(author) : undefined,
    content: message.content,
    timestamp: message.timestamp,
    edited_timestamp: message.editedTimestamp,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    flags: message.flags,
  };
  if (message.webhookId) json.webhook_id = message.webhookId;
  if (message.applicationId) json.application_id = message.applicationId;
  if (message.interactionMetadata) json.interaction_metadata = message.interactionMetadata;
  if (message.referencedMessageId) {
    json.message_reference = { type: 0, message_id: message.referencedMessageId, channel_id: message.channelId };
  }
  return json;
}

/** Serializes the guild object of GET /guilds/{id}, without the GUILD_CREATE extras. */
export function toApiGuild(guild: GuildRecord): Json {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_members: 500000,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    roles: [...guild.roles.values()].map(toApiRole),
    emojis: [],
    stickers: [],
  };
}

/** Builds the GUILD_CREATE payload: the guild plus everything discord.js caches from it. */
export function toGuildCreate(state: FakeState, guild: GuildRecord): Json {
  const botMember = guild.members.get(state.botUser.id);
  return {
    ...toApiGuild(guild),
    joined_at: botMember?.joinedAt ?? new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    // Without the privileged Guild Members intent Discord sends only the bot's own member.
    members: botMember ? [toApiMember(state, botMember)] : [],
    channels: [...guild.channels.values()].map((channel) => {
      const { guild_id: _guildId, ...rest } = toApiChannel(channel);
      return rest;
    }),
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
