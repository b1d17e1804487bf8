import { PermissionFlagsBits } from 'discord.js';

/** What the rules need to know about a role; discord.js `Role` objects fit this shape. */
export interface RoleFacts {
  id: string;
  name: string;
  position: number;
  managed: boolean;
  /** Permission bit field of the role. */
  permissions: bigint;
}

/**
 * Permissions a self-assigned role must not carry: each lets a member moderate others,
 * change the server or ping everyone, so handing it out by button would be an escalation.
 */
export const DANGEROUS_PERMISSIONS: ReadonlyArray<readonly [string, bigint]> = [
  ['Administrator', PermissionFlagsBits.Administrator],
  ['Manage Server', PermissionFlagsBits.ManageGuild],
  ['Manage Roles', PermissionFlagsBits.ManageRoles],
  ['Manage Channels', PermissionFlagsBits.ManageChannels],
  ['Manage Webhooks', PermissionFlagsBits.ManageWebhooks],
  ['Manage Messages', PermissionFlagsBits.ManageMessages],
  ['Manage Threads', PermissionFlagsBits.ManageThreads],
  ['Manage Nicknames', PermissionFlagsBits.ManageNicknames],
  ['Manage Expressions', PermissionFlagsBits.ManageGuildExpressions],
  ['Manage Events', PermissionFlagsBits.ManageEvents],
  ['Kick Members', PermissionFlagsBits.KickMembers],
  ['Ban Members', PermissionFlagsBits.BanMembers],
  ['Timeout Members', PermissionFlagsBits.ModerateMembers],
  ['Mention @everyone, @here and All Roles', PermissionFlagsBits.MentionEveryone],
  ['Mute Members', PermissionFlagsBits.MuteMembers],
  ['Deafen Members', PermissionFlagsBits.DeafenMembers],
  ['Move Members', PermissionFlagsBits.MoveMembers],
  ['View Audit Log', PermissionFlagsBits.ViewAuditLog],
];

/**
 * Orders two roles the way Discord does: by position, and on equal positions the role with
 * the smaller (older) snowflake ranks higher. Positive when `a` is above `b`.
 */
export function compareRolePositions(a: Pick<RoleFacts, 'id' | 'position'>, b: Pick<RoleFacts, 'id' | 'position'>): number {
  if (a.position !== b.position) return a.position - b.position;
  const idA = BigInt(a.id);
  const idB = BigInt(b.id);
  if (idA === idB) return 0;
  return idA < idB ? 1 : -1;
}

/** Names of the dangerous permissions `permissions` carries, empty when none. */
export function dangerousPermissionNames(permissions: bigint): string[] {
  return DANGEROUS_PERMISSIONS.filter(([, bit]) => (permissions & bit) === bit).map(([name]) => name);
}

export type RoleRejection =
  | { reason: 'everyone' }
  | { reason: 'managed' }
  | { reason: 'above-bot'; botRoleName: string }
  | { reason: 'above-admin'; adminRoleName: string }
  | { reason: 'dangerous'; permissions: string[] };

export interface AssignabilityContext {
  guildId: string;
  /** The bot's highest role in the guild. */
  botHighestRole: Pick<RoleFacts, 'id' | 'position' | 'name'>;
  /** The configuring admin's highest role; omitted at click time and for the guild owner. */
  adminHighestRole?: Pick<RoleFacts, 'id' | 'position' | 'name'>;
}

/**
 * Checks the rules a role must pass to be handed out by a panel button. Runs when an admin
 * adds the role and again on every click, because roles move and gain permissions after a
 * panel is posted. Returns null when the role may be assigned.
 */
export function checkAssignableRole(role: RoleFacts, context: AssignabilityContext): RoleRejection | null {
  // The @everyone role's id equals the guild's id.
  if (role.id === context.guildId) return { reason: 'everyone' };
  if (role.managed) return { reason: 'managed' };
  if (compareRolePositions(role, context.botHighestRole) >= 0) return { reason: 'above-bot', botRoleName: context.botHighestRole.name };
  if (context.adminHighestRole !== undefined && compareRolePositions(role, context.adminHighestRole) >= 0) {
    return { reason: 'above-admin', adminRoleName: context.adminHighestRole.name };
  }
  const dangerous = dangerousPermissionNames(role.permissions);
  if (dangerous.length > 0) return { reason: 'dangerous', permissions: dangerous };
  return null;
}

/** Explains a rejection to an admin configuring a panel: what is wrong and what to do. */
export function describeRejectionForAdmin(role: Pick<RoleFacts, 'id' | 'name'>, rejection: RoleRejection): string {
  const mention = `<@&${role.id}>`;
  switch (rejection.reason) {
    case 'everyone':
      return 'The @everyone role cannot go on a panel because every member already has it. Pick another role.';
    case 'managed':
      return `${mention} is managed by an integration (a bot, a booster or a linked app), so Discord does not let anyone assign it. Pick another role.`;
    case 'above-bot':
      return `${mention} is at or above the bot's highest role (${rejection.botRoleName}), so Discord would reject the change. Move the bot's role above ${mention} in Server Settings > Roles, then try again.`;
    case 'above-admin':
      return `${mention} is at or above your highest role (${rejection.adminRoleName}), so you cannot hand it out. Ask someone with a higher role, or the server owner.`;
    case 'dangerous':
      return `${mention} has the permission ${rejection.permissions.join(', ')}, which members must not be able to give themselves. Remove that permission from the role or pick another role.`;
  }
}

/** Explains to a member why a click on `role` changed nothing. */
export function describeRejectionForMember(role: Pick<RoleFacts, 'id'>, rejection: RoleRejection): string {
  const mention = `<@&${role.id}>`;
  switch (rejection.reason) {
    case 'everyone':
    case 'managed':
      return `${mention} can no longer be assigned by this panel because Discord manages it. Nothing was changed; please tell a server admin.`;
    case 'above-bot':
    case 'above-admin':
      return `${mention} is now above the bot's highest role, so the bot cannot assign it. Nothing was changed; please tell a server admin.`;
    case 'dangerous':
      return `${mention} now has a permission (${rejection.permissions.join(', ')}) that a panel must not hand out. Nothing was changed; please tell a server admin.`;
  }
}
