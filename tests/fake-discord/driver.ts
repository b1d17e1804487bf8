import type { InteractionRecord } from './interactions';
import { CallbackType, InteractionType } from './interactions';
import type { ChannelRecord, GuildRecord, Json, MessageRecord, RoleRecord } from './model';
import { MessageFlag, toApiChannel, toApiMessage, toApiRole, toApiUser, toInteractionMember } from './model';
import { computeBasePermissions, computeChannelPermissions, hasPermission, Permission } from './permissions';
import type { InteractionTimeline } from './recorder';
import type { FakeDiscord } from './server';

/** A member of a guild, as the driver plays them. */
export interface MemberRef {
  guildId: string;
  userId: string;
}

export interface Choice {
  name: string;
  value: string | number;
}

/** A message the bot produced, as shown to a person in the client. */
export interface ResponseView {
  messageId: string;
  channelId: string;
  content: string;
  embeds: Json[];
  components: Json[];
  flags: number;
  ephemeral: boolean;
  /** True while a deferred reply shows "thinking". */
  loading: boolean;
  /** Every custom id on the message's buttons and select menus, in display order. */
  customIds: string[];
  /** The message in the API's JSON shape. */
  message: Json;
}

/** A modal the bot opened, with the custom ids it declared. */
export interface ModalView {
  interactionId: string;
  customId: string;
  title: string;
  components: Json[];
  /** Custom ids of the inputs, in display order. */
  fieldCustomIds: string[];
  guildId: string;
  channelId: string;
  /** The message of the component that opened the modal, if one did. */
  sourceMessageId: string | null;
}

export interface SlashExtras {
  /** Channel the command runs in; the guild's first text channel when omitted. */
  channelId?: string;
  locale?: string;
  /**
   * Runs the command although the member lacks the command's
   * default_member_permissions, which the Discord client would not allow.
   * Only for testing the bot's own run-time permission check.
   */
  ignoreDefaultMemberPermissions?: boolean;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** For final(): time without any change after which the response counts as final. */
  quietMs?: number;
}

/** A guild built by `setupGuild`, covering the cases a role panel bot must handle. */
export interface GuildFixture {
  guild: GuildRecord;
  guildId: string;
  roles: {
    everyone: RoleRecord;
    /** The bot's own managed role. */
    bot: RoleRecord;
    /**
     * Roles below the bot without dangerous permissions. They sit above the admin's manager
     * role, so only the owner may put them on a panel; tests that need roles the admin may
     * hand out create them, at the bottom, in `startWorld`'s `prepare`.
     */
    red: RoleRecord;
    green: RoleRecord;
    blue: RoleRecord;
    /** A role directly above the bot's role: the bot cannot assign it. */
    aboveBot: RoleRecord;
    /** A role managed by an integration. */
    managed: RoleRecord;
    /** A role with Administrator. */
    administrator: RoleRecord;
    /** A role with Manage Roles, held by the admin member. */
    manager: RoleRecord;
  };
  channels: {
    general: ChannelRecord;
    /** A channel where an overwrite denies the bot Send Messages. */
    noSend: ChannelRecord;
    /** A channel the bot cannot view. */
    hidden: ChannelRecord;
  };
  members: {
    owner: MemberRef;
    /** Holds the Manage Roles role. */
    admin: MemberRef;
    /** Holds no role. */
    member: MemberRef;
  };
}

type ComponentPredicate = (component: Json) => boolean;

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_QUIET_MS = 50;

/** Lists every interactive component (buttons and selects) of a message, in display order. */
export function listComponents(components: Json[]): Json[] {
  const found: Json[] = [];
  const walk = (component: Json): void => {
    if (!component || typeof component !== 'object') return;
    if ([2, 3, 4, 5, 6, 7, 8].includes(component.type)) found.push(component);
    for (const child of component.components ?? []) walk(child);
    if (component.accessory) walk(component.accessory);
    if (component.component) walk(component.component);
  };
  components.forEach(walk);
  return found;
}

function viewOf(fake: FakeDiscord, message: MessageRecord): ResponseView {
  return {
    messageId: message.id,
    channelId: message.channelId,
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    flags: message.flags,
    ephemeral: (message.flags & MessageFlag.Ephemeral) !== 0,
    loading: (message.flags & MessageFlag.Loading) !== 0,
    customIds: listComponents(message.components)
      .map((component) => component.custom_id)
      .filter((customId): customId is string => typeof customId === 'string'),
    message: toApiMessage(fake.state, message),
  };
}

/** What the bot did with one interaction, with waits bounded by a timeout. */
export class InteractionResult {
  constructor(
    private readonly fake: FakeDiscord,
    readonly record: InteractionRecord,
    private readonly defaultTimeoutMs: number,
  ) {}

  get id(): string {
    return this.record.id;
  }

  /** Resolves when `check` returns a value; rejects after the timeout with the interaction's state. */
  private waitFor<T>(what: string, check: () => T | undefined, timeoutMs = this.defaultTimeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let unsubscribe = (): void => undefined;
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} of interaction ${this.id}; ${this.describe()}`));
      }, timeoutMs);
      const attempt = (): boolean => {
        let value: T | undefined;
        try {
          value = check();
        } catch (error) {
          clearTimeout(timer);
          unsubscribe();
          reject(error);
          return true;
        }
        if (value === undefined) return false;
        clearTimeout(timer);
        unsubscribe();
        resolve(value);
        return true;
      };
      if (attempt()) return;
      unsubscribe = this.fake.interactions.subscribe(this.id, () => void attempt());
    });
  }

  private describe(): string {
    const events = this.record.events.map((event) => event.kind).join(', ') || 'none';
    return `callback type ${this.record.callbackType ?? 'none'}, events: ${events}`;
  }

  private original(): MessageRecord | undefined {
    const id = this.record.originalMessageId;
    return id ? this.fake.state.messages.get(id) : undefined;
  }

  /** Waits for the callback and returns its type (4 reply, 5 deferred, 6 deferred update, 7 update, 8 choices, 9 modal). */
  ack(options: WaitOptions = {}): Promise<number> {
    return this.waitFor('the callback', () => this.record.callbackType ?? undefined, options.timeoutMs);
  }

  /**
   * Waits for the first visible response: a reply, an updated message, or
   * the first edit of a deferred response. Rejects when the bot opened a
   * modal or returned autocomplete choices instead.
   */
  reply(options: WaitOptions = {}): Promise<ResponseView> {
    return this.waitFor(
      'a reply',
      () => {
        const type = this.record.callbackType;
        if (type === CallbackType.Modal || type === CallbackType.ApplicationCommandAutocompleteResult) {
          throw new Error(`interaction ${this.id} got callback type ${type}, not a message`);
        }
        if (type === null) return undefined;
        const edited = this.record.events.some((event) => event.kind === 'edit-original');
        if (type === CallbackType.DeferredUpdateMessage && !edited) return undefined;
        const message = this.original();
        if (!message || message.flags & MessageFlag.Loading) return undefined;
        return viewOf(this.fake, message);
      },
      options.timeoutMs,
    );
  }

  /** Waits for a reply, then until nothing changed for `quietMs`, and returns the response at that point. */
  async final(options: WaitOptions = {}): Promise<ResponseView> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    const deadline = Date.now() + timeoutMs;
    await this.reply({ timeoutMs });

    let seenVersion = this.record.version;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      if (this.record.version === seenVersion) break;
      seenVersion = this.record.version;
    }
    const message = this.original();
    if (!message) throw new Error(`interaction ${this.id} has no response message; ${this.describe()}`);
    if (message.deleted) throw new Error(`the response to interaction ${this.id} was deleted`);
    return viewOf(this.fake, message);
  }

  /** Waits for the modal the bot opened. */
  modal(options: WaitOptions = {}): Promise<ModalView> {
    return this.waitFor(
      'a modal',
      () => {
        const type = this.record.callbackType;
        if (type !== null && type !== CallbackType.Modal) {
          throw new Error(`interaction ${this.id} got callback type ${type}, not a modal`);
        }
        const modal = this.record.modal;
        if (!modal) return undefined;
        return {
          interactionId: this.id,
          customId: modal.custom_id,
          title: modal.title,
          components: modal.components,
          fieldCustomIds: listModalInputs(modal.components).map((input) => input.custom_id),
          guildId: this.record.guildId,
          channelId: this.record.channelId,
          sourceMessageId: this.record.payload.message?.id ?? null,
        };
      },
      options.timeoutMs,
    );
  }

  /** Waits for autocomplete choices. */
  choices(options: WaitOptions = {}): Promise<Choice[]> {
    return this.waitFor('autocomplete choices', () => this.record.choices ?? undefined, options.timeoutMs);
  }

  /** Follow-up messages sent so far, oldest first. */
  followUps(): ResponseView[] {
    return this.record.followUpMessageIds
      .map((id) => this.fake.state.messages.get(id))
      .filter((message): message is MessageRecord => message !== undefined)
      .map((message) => viewOf(this.fake, message));
  }

  timeline(): InteractionTimeline {
    return this.fake.recorder.timeline(this.id);
  }
}

function listModalInputs(components: Json[]): Json[] {
  const inputs: Json[] = [];
  for (const row of components ?? []) {
    if (row.type === 18 && row.component) inputs.push(row.component);
    if (row.type === 1) inputs.push(...(row.components ?? []));
  }
  return inputs.filter((input) => typeof input.custom_id === 'string');
}

/**
 * Plays people in Discord: admins running slash commands, members clicking
 * buttons on messages the bot posted, filling in modals the bot opened. It
 * only does what a Discord client would let a person do, and fails loudly
 * otherwise; `clickRaw` is the one way around that.
 */
export class DiscordDriver {
  readonly timeoutMs: number;

  constructor(
    readonly fake: FakeDiscord,
    options: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Builds a guild with the roles, channels and members listed in GuildFixture. */
  setupGuild(options: { name?: string; botPermissions?: bigint } = {}): GuildFixture {
    const { fake } = this;
    const guild = fake.createGuild({ name: options.name ?? 'Role Panel Test Guild', botPermissions: options.botPermissions });
    const guildId = guild.id;
    const botRoleId = fake.state.botMember(guild).roles[0];

    // New roles start at the bottom, so these end below the bot's role.
    const red = fake.createRole(guildId, { name: 'red', color: 0xe74c3c });
    const green = fake.createRole(guildId, { name: 'green', color: 0x2ecc71 });
    const blue = fake.createRole(guildId, { name: 'blue', color: 0x3498db });
    const managed = fake.createRole(guildId, { name: 'Server Booster', managed: true, tags: { premium_subscriber: null } });
    const manager = fake.createRole(guildId, { name: 'role-manager', permissions: Permission.ManageRoles });
    const administrator = fake.createRole(guildId, { name: 'admin', permissions: Permission.Administrator });
    const aboveBot = fake.createRole(guildId, { name: 'above-bot', position: fake.role(guildId, botRoleId).position + 1 });

    const general = [...guild.channels.values()][0];
    const noSend = fake.createChannel(guildId, {
      name: 'announcements',
      overwrites: [{ id: botRoleId, type: 0, allow: 0n, deny: Permission.SendMessages }],
    });
    const hidden = fake.createChannel(guildId, {
      name: 'staff',
      overwrites: [{ id: fake.botUser.id, type: 1, allow: 0n, deny: Permission.ViewChannel }],
    });

    const admin = this.addMember(guildId, { username: 'admin', roles: [manager.id] });
    const member = this.addMember(guildId, { username: 'member' });
    return {
      guild,
      guildId,
      roles: {
        everyone: fake.role(guildId, guildId),
        bot: fake.role(guildId, botRoleId),
        red,
        green,
        blue,
        aboveBot,
        managed,
        administrator,
        manager,
      },
      channels: { general, noSend, hidden },
      members: { owner: { guildId, userId: guild.ownerId }, admin, member },
    };
  }

  /** Adds a new user to the guild; `permissions` creates a role with exactly those permissions for them. */
  addMember(guildId: string, options: { username?: string; roles?: string[]; permissions?: bigint } = {}): MemberRef {
    const user = this.fake.createUser(options.username ?? 'member');
    const roles = [...(options.roles ?? [])];
    if (options.permissions !== undefined) {
      roles.push(this.fake.createRole(guildId, { name: `${user.username}-permissions`, permissions: options.permissions }).id);
    }
    this.fake.addMember(guildId, user.id, roles);
    return { guildId, userId: user.id };
  }

  memberRoles(member: MemberRef): string[] {
    return this.fake.memberRoles(member.guildId, member.userId);
  }

  /** Messages everyone can see in the channel, oldest first, as views. */
  channelMessages(channelId: string): ResponseView[] {
    return this.fake.state.channelMessages(channelId).map((message) => viewOf(this.fake, message));
  }

  private defaultChannel(guildId: string): string {
    const channel = [...this.fake.guild(guildId).channels.values()].find((candidate) => candidate.type === 0);
    if (!channel) throw new Error(`guild ${guildId} has no text channel to run a command in`);
    return channel.id;
  }

  private findCommand(guildId: string, name: string): { id: string; guildId: string | null; definition: Json } {
    const guildCommands = [...this.fake.state.guildCommandMap(guildId).values()];
    const globalCommands = [...this.fake.state.globalCommands.values()];
    const command = [...guildCommands, ...globalCommands].find(
      (candidate) => candidate.definition.name === name && (candidate.definition.type ?? 1) === 1,
    );
    if (!command) {
      const known = [...guildCommands, ...globalCommands].map((candidate) => candidate.definition.name).join(', ') || 'none';
      throw new Error(`slash command /${name} is not registered in guild ${guildId} or globally (registered: ${known})`);
    }
    return command;
  }

  /** Builds the `data` of a chat input or autocomplete interaction from the registered definition. */
  private buildCommandData(
    member: MemberRef,
    commandName: string,
    subcommand: string | null,
    values: Record<string, unknown>,
    focused: string | null,
  ): Json {
    const command = this.findCommand(member.guildId, commandName);
    const resolved: Json = {};
    let optionDefinitions: Json[] = command.definition.options ?? [];
    const path: Json[] = [];

    for (const name of subcommand ? subcommand.split(' ') : []) {
      const definition = optionDefinitions.find((option) => option.name === name && (option.type === 1 || option.type === 2));
      if (!definition) throw new Error(`/${commandName} has no subcommand or group named "${name}"`);
      path.push({ name, type: definition.type });
      optionDefinitions = definition.options ?? [];
    }
    if (path.length > 0 && path[path.length - 1].type !== 1) throw new Error(`"${subcommand}" is a subcommand group: name a subcommand inside it`);
    if (path.length === 0 && optionDefinitions.some((option) => option.type === 1 || option.type === 2)) {
      throw new Error(`/${commandName} has subcommands: pass one`);
    }

    for (const name of Object.keys(values)) {
      if (!optionDefinitions.some((option) => option.name === name)) {
        const known = optionDefinitions.map((option) => option.name).join(', ') || 'none';
        throw new Error(`/${commandName} ${subcommand ?? ''} has no option "${name}" (options: ${known})`);
      }
    }

    const options: Json[] = [];
    for (const definition of optionDefinitions) {
      const value = values[definition.name];
      if (value === undefined || value === null) {
        if (definition.required && focused === null) throw new Error(`required option "${definition.name}" of /${commandName} is missing`);
        continue;
      }
      if (definition.name === focused) {
        // While typing, Discord sends the partial text as a string and resolves nothing.
        options.push({ name: definition.name, type: definition.type, value: String(value), focused: true });
        continue;
      }
      options.push({ name: definition.name, type: definition.type, value: this.optionValue(member, definition, value, resolved) });
    }
    if (focused !== null && !options.some((option) => option.focused)) throw new Error(`focused option "${focused}" has no value`);

    let nested = options;
    for (let index = path.length - 1; index >= 0; index -= 1) {
      nested = [{ name: path[index].name, type: path[index].type, options: nested }];
    }

    const data: Json = { id: command.id, name: command.definition.name, type: 1, options: nested };
    if (command.guildId) data.guild_id = command.guildId;
    if (Object.keys(resolved).length > 0) data.resolved = resolved;
    return data;
  }

  /** Checks a value the way the Discord client does before sending, and fills `resolved`. */
  private optionValue(member: MemberRef, definition: Json, value: unknown, resolved: Json): unknown {
    const name = definition.name;
    const choices: Json[] | undefined = definition.choices;
    if (choices && choices.length > 0 && !choices.some((choice) => choice.value === value)) {
      throw new Error(`option "${name}" must be one of ${choices.map((choice) => JSON.stringify(choice.value)).join(', ')}, got ${JSON.stringify(value)}`);
    }
    switch (definition.type) {
      case 3: {
        if (typeof value !== 'string') throw new Error(`option "${name}" is a string option, got ${typeof value}`);
        if (value.length < (definition.min_length ?? 0) || value.length > (definition.max_length ?? 6000)) {
          throw new Error(`option "${name}" must be ${definition.min_length ?? 0} to ${definition.max_length ?? 6000} characters, got ${value.length}`);
        }
        return value;
      }
      case 4:
      case 10: {
        if (typeof value !== 'number' || (definition.type === 4 && !Number.isInteger(value))) {
          throw new Error(`option "${name}" must be ${definition.type === 4 ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
        }
        if ((definition.min_value !== undefined && value < definition.min_value) || (definition.max_value !== undefined && value > definition.max_value)) {
          throw new Error(`option "${name}" must be between ${definition.min_value ?? '-inf'} and ${definition.max_value ?? 'inf'}, got ${value}`);
        }
        return value;
      }
      case 5:
        if (typeof value !== 'boolean') throw new Error(`option "${name}" is a boolean option, got ${typeof value}`);
        return value;
      case 6:
        this.resolveUser(member.guildId, String(value), resolved);
        return String(value);
      case 7: {
        const channel = this.resolveChannel(member, String(value), resolved);
        const allowed: number[] | undefined = definition.channel_types;
        if (allowed && !allowed.includes(channel.type)) throw new Error(`option "${name}" accepts channel types ${allowed.join(', ')}, got ${channel.type}`);
        return String(value);
      }
      case 8:
        this.resolveRole(member.guildId, String(value), resolved);
        return String(value);
      case 9:
        if (this.fake.guild(member.guildId).roles.has(String(value))) this.resolveRole(member.guildId, String(value), resolved);
        else this.resolveUser(member.guildId, String(value), resolved);
        return String(value);
      default:
        throw new Error(`option "${name}" has type ${definition.type}, which the driver cannot fill in`);
    }
  }

  private resolveRole(guildId: string, roleId: string, resolved: Json): void {
    const role = this.fake.guild(guildId).roles.get(roleId);
    if (!role) throw new Error(`role ${roleId} does not exist in guild ${guildId}, so a Discord client could not pick it`);
    resolved.roles ??= {};
    resolved.roles[roleId] = toApiRole(role);
  }

  private resolveUser(guildId: string, userId: string, resolved: Json): void {
    const user = this.fake.state.users.get(userId);
    if (!user) throw new Error(`user ${userId} does not exist in the fake`);
    resolved.users ??= {};
    resolved.users[userId] = toApiUser(user);
    const guild = this.fake.guild(guildId);
    const target = guild.members.get(userId);
    if (target) {
      resolved.members ??= {};
      resolved.members[userId] = toInteractionMember(this.fake.state, guild, target, undefined, false);
    }
  }

  private resolveChannel(member: MemberRef, channelId: string, resolved: Json): ChannelRecord {
    const guild = this.fake.guild(member.guildId);
    const channel = guild.channels.get(channelId);
    if (!channel) throw new Error(`channel ${channelId} does not exist in guild ${member.guildId}`);
    const actor = this.fake.member(member.guildId, member.userId);
    const permissions = computeChannelPermissions(guild, actor, channel);
    if (!hasPermission(permissions, Permission.ViewChannel)) throw new Error(`member ${member.userId} cannot see channel ${channelId}, so could not pick it`);
    const { name, type, parent_id } = toApiChannel(channel);
    resolved.channels ??= {};
    resolved.channels[channelId] = { id: channel.id, name, type, parent_id, permissions: permissions.toString(), flags: 0 };
    return channel;
  }

  private checkCommandAccess(member: MemberRef, commandName: string, extras: SlashExtras): void {
    if (extras.ignoreDefaultMemberPermissions) return;
    const command = this.findCommand(member.guildId, commandName);
    const required = command.definition.default_member_permissions;
    if (required === undefined || required === null) return;
    const guild = this.fake.guild(member.guildId);
    const permissions = computeBasePermissions(guild, this.fake.member(member.guildId, member.userId));
    if (!hasPermission(permissions, BigInt(required))) {
      throw new Error(
        `member ${member.userId} lacks default_member_permissions ${required} of /${commandName}, so Discord would not show the command; ` +
          'pass ignoreDefaultMemberPermissions to test the bot\'s own check',
      );
    }
  }

  /**
   * Runs a slash command as `member`, like typing `/command subcommand
   * option:value` in the client. `subcommand` may be "group subcommand".
   */
  runSlash(member: MemberRef, command: string, subcommand: string | null, options: Record<string, unknown> = {}, extras: SlashExtras = {}): InteractionResult {
    this.checkCommandAccess(member, command, extras);
    const channelId = extras.channelId ?? this.defaultChannel(member.guildId);
    const data = this.buildCommandData(member, command, subcommand, options, null);
    const record = this.fake.dispatchInteraction({
      type: InteractionType.ApplicationCommand,
      guildId: member.guildId,
      channelId,
      userId: member.userId,
      data,
      locale: extras.locale,
    });
    return new InteractionResult(this.fake, record, this.timeoutMs);
  }

  /** Types into option `focused` and returns the choices the bot suggests. */
  autocomplete(
    member: MemberRef,
    command: string,
    subcommand: string | null,
    options: Record<string, unknown>,
    focused: string,
    extras: SlashExtras = {},
  ): Promise<Choice[]> {
    return this.startAutocomplete(member, command, subcommand, options, focused, extras).choices();
  }

  /** Like `autocomplete`, but returns the interaction, for tests of what the bot does with it. */
  startAutocomplete(
    member: MemberRef,
    command: string,
    subcommand: string | null,
    options: Record<string, unknown>,
    focused: string,
    extras: SlashExtras = {},
  ): InteractionResult {
    this.checkCommandAccess(member, command, extras);
    const channelId = extras.channelId ?? this.defaultChannel(member.guildId);
    const data = this.buildCommandData(member, command, subcommand, options, focused);
    const record = this.fake.dispatchInteraction({
      type: InteractionType.ApplicationCommandAutocomplete,
      guildId: member.guildId,
      channelId,
      userId: member.userId,
      data,
      locale: extras.locale,
    });
    return new InteractionResult(this.fake, record, this.timeoutMs);
  }

  /** Looks up the stored message, checking that it still exists and that the member can view it. */
  private visibleMessage(member: MemberRef, message: { id?: string; messageId?: string }): MessageRecord {
    const id = message.messageId ?? message.id;
    const stored = id ? this.fake.state.messages.get(id) : undefined;
    if (!stored) throw new Error(`message ${id} was never sent by the bot`);
    if (stored.deleted) throw new Error(`message ${id} was deleted`);
    if (stored.guildId !== member.guildId) throw new Error(`message ${id} is not in guild ${member.guildId}`);
    if (stored.flags & MessageFlag.Ephemeral && stored.interactionMetadata?.user?.id !== member.userId) {
      throw new Error(`message ${id} is ephemeral and only its recipient can see it`);
    }
    return stored;
  }

  private findComponent(stored: MessageRecord, matcher: string | ComponentPredicate, types: number[]): Json {
    const components = listComponents(stored.components).filter((component) => types.includes(component.type));
    const component = components.find((candidate) => (typeof matcher === 'string' ? candidate.custom_id === matcher : matcher(candidate)));
    if (!component) {
      const available = components.map((candidate) => candidate.custom_id ?? candidate.url).join(', ') || 'none';
      const expected = typeof matcher === 'string' ? `custom id "${matcher}"` : 'a component matching the predicate';
      throw new Error(`message ${stored.id} has no ${expected} (components: ${available})`);
    }
    if (component.disabled) throw new Error(`component "${component.custom_id}" on message ${stored.id} is disabled`);
    return component;
  }

  private dispatchComponent(member: MemberRef, stored: MessageRecord, data: Json): InteractionResult {
    const record = this.fake.dispatchInteraction({
      type: InteractionType.MessageComponent,
      guildId: member.guildId,
      channelId: stored.channelId,
      userId: member.userId,
      data,
      messageId: stored.id,
    });
    return new InteractionResult(this.fake, record, this.timeoutMs);
  }

  /** Clicks a button the bot put on the message, found by custom id or predicate. */
  click(member: MemberRef, message: { id?: string; messageId?: string }, customIdOrPredicate: string | ComponentPredicate): InteractionResult {
    const stored = this.visibleMessage(member, message);
    const button = this.findComponent(stored, customIdOrPredicate, [2]);
    if (button.style === 5 || button.style === 6 || typeof button.custom_id !== 'string') {
      throw new Error(`button "${button.label}" on message ${stored.id} is a link or premium button and sends no interaction`);
    }
    return this.dispatchComponent(member, stored, { custom_id: button.custom_id, component_type: 2, ...(button.id !== undefined ? { id: button.id } : {}) });
  }

  /**
   * Sends a button interaction with any custom id on the message, whether or
   * not the bot put such a button there: a forged or stale click.
   */
  clickRaw(member: MemberRef, message: { id?: string; messageId?: string }, customId: string): InteractionResult {
    const stored = this.visibleMessage(member, message);
    return this.dispatchComponent(member, stored, { custom_id: customId, component_type: 2 });
  }

  /** Picks values in a select menu the bot put on the message; role, user and channel ids are resolved like Discord. */
  select(member: MemberRef, message: { id?: string; messageId?: string }, customId: string, values: string[]): InteractionResult {
    const stored = this.visibleMessage(member, message);
    const select = this.findComponent(stored, customId, [3, 5, 6, 7, 8]);
    const min = select.min_values ?? 1;
    const max = select.max_values ?? 1;
    if (values.length < min || values.length > max) throw new Error(`select "${customId}" takes ${min} to ${max} values, got ${values.length}`);

    const data: Json = { custom_id: customId, component_type: select.type, values };
    const resolved: Json = {};
    for (const value of values) {
      switch (select.type) {
        case 3:
          if (!select.options.some((option: Json) => option.value === value)) {
            throw new Error(`select "${customId}" has no option with value "${value}"`);
          }
          break;
        case 5:
          this.resolveUser(member.guildId, value, resolved);
          break;
        case 6:
          this.resolveRole(member.guildId, value, resolved);
          break;
        case 7:
          if (this.fake.guild(member.guildId).roles.has(value)) this.resolveRole(member.guildId, value, resolved);
          else this.resolveUser(member.guildId, value, resolved);
          break;
        case 8:
          this.resolveChannel(member, value, resolved);
          break;
      }
    }
    if (select.type !== 3) data.resolved = resolved;
    return this.dispatchComponent(member, stored, data);
  }

  /** Fills in and submits a modal the bot opened, using the custom ids it declared. */
  submitModal(member: MemberRef, modal: ModalView, values: Record<string, string | string[]>): InteractionResult {
    const inputs = listModalInputs(modal.components);
    for (const key of Object.keys(values)) {
      if (!inputs.some((input) => input.custom_id === key)) {
        throw new Error(`modal "${modal.customId}" has no field "${key}" (fields: ${modal.fieldCustomIds.join(', ')})`);
      }
    }

    const submitted = (input: Json): Json => {
      const value = values[input.custom_id];
      if (input.type === 4) {
        // The client pre-fills the value the bot set and sends it back if the person leaves it alone.
        const text = typeof value === 'string' ? value : input.value ?? '';
        const required = input.required ?? true;
        if (required && text.length === 0) throw new Error(`field "${input.custom_id}" of modal "${modal.customId}" is required`);
        const min = input.min_length ?? 0;
        const maxLength = input.max_length ?? 4000;
        if (text.length > 0 && (text.length < min || text.length > maxLength)) {
          throw new Error(`field "${input.custom_id}" must be ${min} to ${maxLength} characters, got ${text.length}`);
        }
        return { type: 4, ...(input.id !== undefined ? { id: input.id } : {}), custom_id: input.custom_id, value: text };
      }
      let picked: string[] = [];
      if (Array.isArray(value)) picked = value;
      else if (value !== undefined) picked = [value];
      return { type: input.type, ...(input.id !== undefined ? { id: input.id } : {}), custom_id: input.custom_id, values: picked };
    };

    const components = modal.components.map((row: Json) => {
      if (row.type === 18) return { type: 18, ...(row.id !== undefined ? { id: row.id } : {}), component: submitted(row.component) };
      if (row.type === 1) return { type: 1, ...(row.id !== undefined ? { id: row.id } : {}), components: (row.components ?? []).map(submitted) };
      return { type: row.type, ...(row.id !== undefined ? { id: row.id } : {}) };
    });

    const record = this.fake.dispatchInteraction({
      type: InteractionType.ModalSubmit,
      guildId: member.guildId,
      channelId: modal.channelId,
      userId: member.userId,
      data: { custom_id: modal.customId, components },
      messageId: modal.sourceMessageId ?? undefined,
    });
    return new InteractionResult(this.fake, record, this.timeoutMs);
  }
}
