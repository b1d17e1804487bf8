import type { ChannelRecord, GuildRecord, MemberRecord, RoleRecord } from './model';

/** Permission bits as Discord numbers them (API v10). */
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewAuditLog: 1n << 7n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  SendTTSMessages: 1n << 12n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ChangeNickname: 1n << 26n,
  ManageNicknames: 1n << 27n,
  ManageRoles: 1n << 28n,
  ManageWebhooks: 1n << 29n,
  ManageGuildExpressions: 1n << 30n,
  UseApplicationCommands: 1n << 31n,
  ModerateMembers: 1n << 40n,
} as const;

/**
 * Every permission bit up to bit 50 (Use External Apps), which is what
 * Discord grants to the guild owner and to Administrator.
 * NOTE: a few bits in this range are unassigned; Discord never sets those.
 */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;

/** The permissions Discord gives @everyone in a new guild, roughly: read, write, react, use commands. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands;

/** Permissions a text channel implicitly loses when Send Messages is missing. */
const REQUIRES_SEND_MESSAGES =
  Permission.SendTTSMessages | Permission.EmbedLinks | Permission.AttachFiles | Permission.MentionEveryone;

export function hasPermission(permissions: bigint, flag: bigint): boolean {
  return (permissions & flag) === flag;
}

/** Computes a member's guild-level permissions: owner and Administrator get everything. */
export function computeBasePermissions(guild: GuildRecord, member: MemberRecord): bigint {
  if (member.userId === guild.ownerId) return ALL_PERMISSIONS;

  let permissions = guild.roles.get(guild.id)?.permissions ?? 0n;
  for (const roleId of member.roles) {
    permissions |= guild.roles.get(roleId)?.permissions ?? 0n;
  }
  if (hasPermission(permissions, Permission.Administrator)) return ALL_PERMISSIONS;
  return permissions;
}

/**
 * Computes a member's permissions in a channel the way Discord documents it:
 * the @everyone overwrite, then the union of the member's role overwrites
 * (deny first, then allow), then the member's own overwrite. Without View
 * Channel every other permission is lost, and without Send Messages so are
 * the permissions that only make sense when sending.
 */
export function computeChannelPermissions(guild: GuildRecord, member: MemberRecord, channel: ChannelRecord): bigint {
  const base = computeBasePermissions(guild, member);
  if (base === ALL_PERMISSIONS) return ALL_PERMISSIONS;

  let permissions = base;
  const everyoneOverwrite = channel.overwrites.find((overwrite) => overwrite.id === guild.id);
  if (everyoneOverwrite) {
    permissions &= ~everyoneOverwrite.deny;
    permissions |= everyoneOverwrite.allow;
  }

  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of channel.overwrites) {
    if (overwrite.type === 0 && overwrite.id !== guild.id && member.roles.includes(overwrite.id)) {
      roleAllow |= overwrite.allow;
      roleDeny |= overwrite.deny;
    }
  }
  permissions &= ~roleDeny;
  permissions |= roleAllow;

  const memberOverwrite = channel.overwrites.find((overwrite) => overwrite.type === 1 && overwrite.id === member.userId);
  if (memberOverwrite) {
    permissions &= ~memberOverwrite.deny;
    permissions |= memberOverwrite.allow;
  }

  if (!hasPermission(permissions, Permission.ViewChannel)) return 0n;
  if (!hasPermission(permissions, Permission.SendMessages)) permissions &= ~REQUIRES_SEND_MESSAGES;
  return permissions;
}

/**
 * Orders roles like Discord: by position, and at equal positions the role
 * with the lower id (the older one) ranks higher. Returns a positive number
 * when `a` ranks above `b`.
 */
export function compareRolePositions(a: RoleRecord, b: RoleRecord): number {
  if (a.position !== b.position) return a.position - b.position;
  const aId = BigInt(a.id);
  const bId = BigInt(b.id);
  if (aId === bId) return 0;
  return aId < bId ? 1 : -1;
}

/** Returns the member's highest role, or @everyone when the member has no other role. */
export function highestRole(guild: GuildRecord, member: MemberRecord): RoleRecord {
  let highest = guild.roles.get(guild.id) as RoleRecord;
  for (const roleId of member.roles) {
    const role = guild.roles.get(roleId);
    if (role && compareRolePositions(role, highest) > 0) highest = role;
  }
  return highest;
}
