import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { FakeContext, TimingOptions } from './context';
import { deleteMessage as deleteStoredMessage } from './context';
import { Gateway } from './gateway';
import type { FaultHandle, FaultSpec } from './http';
import { RestRouter } from './http';
import type { InteractionRecord } from './interactions';
import { InteractionStore } from './interactions';
import type { ChannelRecord, GuildRecord, Json, MemberRecord, MessageRecord, OverwriteRecord, RoleRecord, UserRecord } from './model';
import { FakeState, toApiChannel, toApiMember, toApiMessage, toApiRole, toGuildCreate, toInteractionMember } from './model';
import { computeChannelPermissions, DEFAULT_EVERYONE_PERMISSIONS, Permission } from './permissions';
import type { RateLimitSettings } from './rate-limits';
import { RateLimiter } from './rate-limits';
import { Recorder } from './recorder';
import { applicationRoutes } from './routes-application';
import { channelRoutes } from './routes-channels';
import { guildRoutes } from './routes-guilds';
import { interactionRoutes } from './routes-interactions';
import { generateSnowflake } from './snowflake';

export interface FakeDiscordOptions {
  /** The bot token the fake accepts; `fake-token` when omitted. */
  token?: string;
  botUsername?: string;
  /** Port to listen on; a free port when omitted or 0. */
  port?: number;
  /** HELLO's heartbeat interval; Discord sends 41250 ms. */
  heartbeatIntervalMs?: number;
  /** Time allowed to acknowledge an interaction; Discord allows 3000 ms. */
  interactionAckTimeoutMs?: number;
  /** Lifetime of an interaction token; Discord's is 15 minutes. */
  interactionTokenTtlMs?: number;
}

export interface CreateGuildOptions {
  name?: string;
  /** Owner of the guild; a new user when omitted. */
  ownerId?: string;
  /** Permissions of @everyone; Discord's defaults when omitted. */
  everyonePermissions?: bigint;
  /** Permissions of the bot's managed role. */
  botPermissions?: bigint;
  /** False creates the guild without the bot, to test a later join. */
  botIsMember?: boolean;
}

export interface CreateRoleOptions {
  name: string;
  permissions?: bigint;
  /** Position counted from @everyone (0); 1, the bottom, when omitted, as Discord does. */
  position?: number;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
  managed?: boolean;
  tags?: Record<string, string | null>;
}

export interface CreateChannelOptions {
  name: string;
  type?: number;
  overwrites?: OverwriteRecord[];
  parentId?: string | null;
  topic?: string | null;
}

/** Fields of an interaction the driver decides; the fake fills in the rest. */
export interface InteractionInput {
  type: number;
  guildId: string;
  channelId: string;
  userId: string;
  data: Json;
  /** The stored message a component or modal-submit interaction came from. */
  messageId?: string;
  locale?: string;
}

/**
 * An in-process fake of the Discord REST API (v10) and gateway that a
 * discord.js client can log in to. It listens on 127.0.0.1 only.
 */
export class FakeDiscord {
  readonly token: string;
  readonly state: FakeState;
  readonly interactions = new InteractionStore();
  readonly recorder: Recorder;
  readonly rateLimiter = new RateLimiter();
  readonly gateway: Gateway;
  readonly timing: TimingOptions;
  private readonly router: RestRouter;
  private readonly context: FakeContext;
  private readonly server: Server;
  private readonly requestedPort: number;
  private port = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.token = options.token ?? 'fake-token';
    this.requestedPort = options.port ?? 0;
    this.state = new FakeState(options.botUsername ?? 'Role Panel Bot');
    this.recorder = new Recorder(this.interactions);
    this.timing = {
      interactionAckTimeoutMs: options.interactionAckTimeoutMs ?? 3000,
      interactionTokenTtlMs: options.interactionTokenTtlMs ?? 15 * 60 * 1000,
    };
    this.gateway = new Gateway(this.state, this.recorder, {
      token: this.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41250,
      shardCount: 1,
    });

    const context: FakeContext = (this.context = {
      state: this.state,
      interactions: this.interactions,
      gateway: this.gateway,
      timing: this.timing,
      baseUrl: () => this.baseUrl,
    });
    this.router = new RestRouter(this.token, this.rateLimiter, this.recorder);
    this.router.add(interactionRoutes(context));
    this.router.add(applicationRoutes(context));
    this.router.add(guildRoutes(context));
    this.router.add(channelRoutes(context));

    this.server = createServer((request, response) => {
      void this.router.handle(request, response);
    });
    this.server.on('upgrade', (request, socket, head) => {
      if ((request.url ?? '').startsWith('/gateway')) this.gateway.handleUpgrade(request, socket, head);
      else socket.destroy();
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.requestedPort, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.gateway.setResumeUrl(`ws://127.0.0.1:${this.port}/gateway`);
  }

  async stop(): Promise<void> {
    for (const response of this.router.hungResponses) response.destroy();
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The REST base without version, for discord.js `rest.api`. */
  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get botUser(): UserRecord {
    return this.state.botUser;
  }

  get applicationId(): string {
    return this.state.applicationId;
  }

  /** Requests no route matched; a test should expect this to be empty. */
  get unknownRoutes() {
    return this.recorder.unknownRoutes;
  }

  get rateLimitedCount(): number {
    return this.recorder.rateLimitedCount;
  }

  /** Turns rate-limit enforcement on with these limits, or off with null. */
  setRateLimits(settings: RateLimitSettings | null): void {
    this.rateLimiter.set(settings);
  }

  /** Makes the next `count` requests matching the route get a 5xx or no response at all. */
  injectFault(spec: FaultSpec): FaultHandle {
    return this.router.addFault(spec);
  }

  clearFaults(): void {
    this.router.clearFaults();
  }

  /** Closes the bot's gateway sockets with a close code, or 'abrupt' for a TCP reset; sessions stay resumable. */
  dropConnections(code: number | 'abrupt' = 4000): number {
    return this.gateway.dropConnections(code);
  }

  // World building. Each change reaches the bot as the gateway event Discord would send.

  createUser(username: string, options: { bot?: boolean; globalName?: string } = {}): UserRecord {
    return this.state.createUser({ username, bot: options.bot, globalName: options.globalName ?? null });
  }

  /**
   * Creates a guild with @everyone, a text channel named `general`, an
   * owner, and the bot with its managed role (as inviting a bot does).
   */
  createGuild(options: CreateGuildOptions = {}): GuildRecord {
    const ownerId = options.ownerId ?? this.createUser('guild-owner').id;
    const id = generateSnowflake();
    const guild: GuildRecord = {
      id,
      name: options.name ?? 'Fake Guild',
      ownerId,
      preferredLocale: 'en-US',
      roles: new Map(),
      channels: new Map(),
      members: new Map(),
      botIsMember: false,
    };
    guild.roles.set(id, {
      id,
      name: '@everyone',
      color: 0,
      hoist: false,
      position: 0,
      permissions: options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
      managed: false,
      mentionable: false,
    });
    this.state.guilds.set(id, guild);
    this.addMemberRecord(guild, ownerId, []);
    this.createChannel(id, { name: 'general' });

    const botRole = this.createRole(id, {
      name: this.state.botUser.username,
      permissions: options.botPermissions ?? Permission.ManageRoles | Permission.ViewChannel | Permission.SendMessages | Permission.EmbedLinks | Permission.ReadMessageHistory,
      managed: true,
      tags: { bot_id: this.state.botUser.id },
    });
    this.addMemberRecord(guild, this.state.botUser.id, [botRole.id]);
    if (options.botIsMember !== false) this.addBotToGuild(id);
    return guild;
  }

  guild(guildId: string): GuildRecord {
    const guild = this.state.guilds.get(guildId);
    if (!guild) throw new Error(`guild ${guildId} not found in the fake`);
    return guild;
  }

  /** Adds the bot to the guild (or back to it) and sends GUILD_CREATE. */
  addBotToGuild(guildId: string): void {
    const guild = this.guild(guildId);
    guild.botIsMember = true;
    this.gateway.dispatch('GUILD_CREATE', toGuildCreate(this.state, guild), guild.id);
  }

  /** Removes the bot from the guild (kick) and sends GUILD_DELETE without `unavailable`. */
  removeBotFromGuild(guildId: string): void {
    const guild = this.guild(guildId);
    this.gateway.dispatch('GUILD_DELETE', { id: guild.id }, guild.id);
    guild.botIsMember = false;
  }

  createRole(guildId: string, options: CreateRoleOptions): RoleRecord {
    const guild = this.guild(guildId);
    // Discord creates a role at the bottom (position 1) and keeps positions contiguous by moving the others up.
    const position = Math.max(1, options.position ?? 1);
    for (const role of guild.roles.values()) if (role.id !== guild.id && role.position >= position) role.position += 1;
    const role: RoleRecord = {
      id: generateSnowflake(),
      name: options.name,
      color: options.color ?? 0,
      hoist: options.hoist ?? false,
      position,
      permissions: options.permissions ?? 0n,
      managed: options.managed ?? false,
      mentionable: options.mentionable ?? false,
      tags: options.tags,
    };
    guild.roles.set(role.id, role);
    if (guild.botIsMember) this.gateway.dispatch('GUILD_ROLE_CREATE', { guild_id: guild.id, role: toApiRole(role) }, guild.id);
    return role;
  }

  role(guildId: string, roleId: string): RoleRecord {
    const role = this.guild(guildId).roles.get(roleId);
    if (!role) throw new Error(`role ${roleId} not found in guild ${guildId}`);
    return role;
  }

  /** Changes a role (name, permissions, position, ...) and sends GUILD_ROLE_UPDATE. */
  updateRole(guildId: string, roleId: string, changes: Partial<Omit<RoleRecord, 'id'>>): RoleRecord {
    const guild = this.guild(guildId);
    const role = this.role(guildId, roleId);
    Object.assign(role, changes);
    if (guild.botIsMember) this.gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: guild.id, role: toApiRole(role) }, guild.id);
    return role;
  }

  /** Deletes a role, takes it from every member and overwrite, and sends GUILD_ROLE_DELETE. */
  deleteRole(guildId: string, roleId: string): void {
    const guild = this.guild(guildId);
    this.role(guildId, roleId);
    guild.roles.delete(roleId);
    for (const member of guild.members.values()) member.roles = member.roles.filter((id) => id !== roleId);
    for (const channel of guild.channels.values()) channel.overwrites = channel.overwrites.filter((overwrite) => overwrite.id !== roleId);
    if (guild.botIsMember) this.gateway.dispatch('GUILD_ROLE_DELETE', { guild_id: guild.id, role_id: roleId }, guild.id);
  }

  createChannel(guildId: string, options: CreateChannelOptions): ChannelRecord {
    const guild = this.guild(guildId);
    const channel: ChannelRecord = {
      id: generateSnowflake(),
      guildId,
      name: options.name,
      type: options.type ?? 0,
      position: guild.channels.size,
      parentId: options.parentId ?? null,
      topic: options.topic ?? null,
      overwrites: options.overwrites ?? [],
      lastMessageId: null,
    };
    guild.channels.set(channel.id, channel);
    if (guild.botIsMember) this.gateway.dispatch('CHANNEL_CREATE', toApiChannel(channel), guild.id);
    return channel;
  }

  channel(channelId: string): ChannelRecord {
    const found = this.state.findChannel(channelId);
    if (!found) throw new Error(`channel ${channelId} not found in the fake`);
    return found.channel;
  }

  /** Deletes a channel and its messages, and sends CHANNEL_DELETE. */
  deleteChannel(channelId: string): void {
    const found = this.state.findChannel(channelId);
    if (!found) throw new Error(`channel ${channelId} not found in the fake`);
    found.guild.channels.delete(channelId);
    for (const message of this.state.messages.values()) if (message.channelId === channelId) message.deleted = true;
    if (found.guild.botIsMember) this.gateway.dispatch('CHANNEL_DELETE', toApiChannel(found.channel), found.guild.id);
  }

  private addMemberRecord(guild: GuildRecord, userId: string, roles: string[]): MemberRecord {
    const member: MemberRecord = { userId, roles: [...roles], joinedAt: new Date().toISOString(), nick: null, locale: 'en-US' };
    guild.members.set(userId, member);
    return member;
  }

  /** Adds a user to the guild with roles and sends GUILD_MEMBER_ADD (Guild Members intent only). */
  addMember(guildId: string, userId: string, roles: string[] = []): MemberRecord {
    const guild = this.guild(guildId);
    const member = this.addMemberRecord(guild, userId, roles);
    if (guild.botIsMember) this.gateway.dispatch('GUILD_MEMBER_ADD', { guild_id: guild.id, ...toApiMember(this.state, member) }, guild.id);
    return member;
  }

  member(guildId: string, userId: string): MemberRecord {
    const member = this.guild(guildId).members.get(userId);
    if (!member) throw new Error(`member ${userId} not found in guild ${guildId}`);
    return member;
  }

  /** Replaces a member's roles, as a moderator would in the client, and sends GUILD_MEMBER_UPDATE. */
  setMemberRoles(guildId: string, userId: string, roles: string[]): void {
    const guild = this.guild(guildId);
    const member = this.member(guildId, userId);
    member.roles = [...roles];
    if (guild.botIsMember) this.gateway.dispatch('GUILD_MEMBER_UPDATE', { guild_id: guild.id, ...toApiMember(this.state, member) }, guild.id);
  }

  /** Returns the member's current role ids (without @everyone). */
  memberRoles(guildId: string, userId: string): string[] {
    return [...this.member(guildId, userId).roles];
  }

  /** Messages everyone can see in a channel, oldest first, in the API's JSON shape. */
  channelMessages(channelId: string): Json[] {
    return this.state.channelMessages(channelId).map((message) => toApiMessage(this.state, message));
  }

  storedMessage(messageId: string): MessageRecord | undefined {
    return this.state.messages.get(messageId);
  }

  /** Deletes a message as a moderator would and sends MESSAGE_DELETE (Guild Messages intent only). */
  deleteMessage(messageId: string): void {
    const message = this.state.messages.get(messageId);
    if (!message || message.deleted) throw new Error(`message ${messageId} not found in the fake`);
    deleteStoredMessage(this.context, message);
  }

  /**
   * Creates an interaction with every field discord.js requires and sends
   * INTERACTION_CREATE to the bot. The member's `permissions` and
   * `app_permissions` are computed in the channel.
   */
  dispatchInteraction(input: InteractionInput): InteractionRecord {
    const guild = this.guild(input.guildId);
    const channel = guild.channels.get(input.channelId);
    if (!channel) throw new Error(`channel ${input.channelId} not found in guild ${guild.id}`);
    const member = this.member(guild.id, input.userId);
    const botMember = this.state.botMember(guild);

    const id = generateSnowflake();
    // Discord's tokens are long opaque strings; this one is unique and URL-safe.
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(24).toString('base64url')}`;
    const payload: Json = {
      id,
      application_id: this.state.applicationId,
      type: input.type,
      data: input.data,
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
      channel: { ...toApiChannel(channel), permissions: computeChannelPermissions(guild, member, channel).toString() },
      channel_id: channel.id,
      member: toInteractionMember(this.state, guild, member, channel),
      token,
      version: 1,
      app_permissions: computeChannelPermissions(guild, botMember, channel).toString(),
      locale: input.locale ?? member.locale,
      guild_locale: guild.preferredLocale,
      entitlements: [],
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (input.messageId) {
      const message = this.state.messages.get(input.messageId);
      if (!message || message.deleted) throw new Error(`message ${input.messageId} not found in the fake`);
      payload.message = toApiMessage(this.state, message);
    }

    const interaction: InteractionRecord = {
      id,
      token,
      type: input.type,
      guildId: guild.id,
      channelId: channel.id,
      userId: member.userId,
      payload,
      createdAtMs: Date.now(),
      dispatchedAt: null,
      callbackType: null,
      callbackAt: null,
      originalMessageId: null,
      followUpMessageIds: [],
      modal: null,
      choices: null,
      events: [],
      version: 0,
    };
    this.interactions.add(interaction);
    if (!this.gateway.dispatchInteraction(payload, guild.id)) {
      throw new Error('no bot session is connected to the fake gateway: log the client in before dispatching interactions');
    }
    interaction.dispatchedAt = this.recorder.interactionDispatchedAt.get(id) ?? null;
    return interaction;
  }
}
