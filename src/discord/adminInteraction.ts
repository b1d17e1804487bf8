import { PermissionFlagsBits, type Channel, type Guild, type GuildMember, type GuildTextBasedChannel, type Interaction, type Role } from 'discord.js';
import type { Panel } from '../entities';
import { UserError } from '../errors';
import type { AssignabilityContext, RoleFacts } from '../services/roleRules';
import { parseEditorId, type EditorTarget } from './customIds';

/** The parts of a guild interaction that admin handlers use, once the checks have passed. */
export type AdminInteraction<T extends Interaction> = T & { guildId: string; guild: Guild; member: GuildMember };

/**
 * Rejects the interaction unless it comes from a server and the member has Manage Roles.
 * The command's default permission is not enough: server admins can grant the command to
 * anyone in Server Settings > Integrations.
 */
export function requireManageRoles<T extends Interaction>(interaction: T): asserts interaction is AdminInteraction<T> {
  if (!interaction.inCachedGuild()) {
    throw new UserError('Role panels are managed inside a server. Run this command in a server channel.');
  }
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageRoles)) {
    throw new UserError('You need the Manage Roles permission to manage role panels. Ask a server admin to grant it to one of your roles.');
  }
}

export function toRoleFacts(role: Role): RoleFacts {
  return { id: role.id, name: role.name, position: role.position, managed: role.managed, permissions: role.permissions.bitfield };
}

/** Looks up a role in the guild's cache, which the gateway keeps current. */
export function requireRole(guild: Guild, roleId: string): Role {
  const role = guild.roles.cache.get(roleId);
  if (!role) throw new UserError(`The role <@&${roleId}> no longer exists in this server. Pick another role.`);
  return role;
}

/**
 * Builds the context for the role rules: the bot's highest role, and the admin's highest
 * role unless the admin owns the guild (the owner may hand out any role below the bot's).
 */
export async function assignabilityFor(interaction: AdminInteraction<Interaction>): Promise<AssignabilityContext> {
  const guild = interaction.guild;
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const context: AssignabilityContext = { guildId: guild.id, botHighestRole: toRoleFacts(me.roles.highest) };
  if (guild.ownerId === interaction.user.id) return context;

  return { ...context, adminHighestRole: toRoleFacts(interaction.member.roles.highest) };
}

/**
 * Picks where to post: the channel the admin named, else the channel the panel is posted
 * in (to update it in place), else the channel the admin is typing in.
 */
export function choosePostChannel(guild: Guild, panel: Panel, requestedId: string | null, current: Channel | null): GuildTextBasedChannel {
  const posted = panel.channelId !== null && panel.messageId !== null ? guild.channels.cache.get(panel.channelId) : undefined;
  const channel = requestedId !== null ? guild.channels.cache.get(requestedId) : (posted ?? current);
  if (!channel || !channel.isTextBased() || channel.isDMBased() || channel.isVoiceBased()) {
    const named = requestedId ?? current?.id;
    throw new UserError(`${named ? `<#${named}>` : 'This channel'} is not a text channel of this server the bot can post in. Pick a text or announcement channel with the channel option.`);
  }
  return channel;
}

/** Reads the panel id and version from an editor custom id that `pattern` matched. */
export function requireEditorTarget(pattern: RegExp, customId: string): EditorTarget & { extra: string | undefined } {
  const target = parseEditorId(pattern, customId);
  if (target === null) throw new UserError('This control is no longer valid. Run /panel edit to open the editor again.');
  return target;
}
