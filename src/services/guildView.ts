import { PermissionFlagsBits, type Guild, type Role } from 'discord.js';
import type { RoleFacts } from './roleRules';

/**
 * What a role click needs to know about its guild. Each method reads the client's cache
 * when it is called, so a click that waited behind another one reads roles as they are now.
 */
export interface ClickGuild {
  readonly id: string;
  /** The role from the guild's role cache; undefined when the role was deleted. */
  role(roleId: string): RoleFacts | undefined;
  /** The bot's highest role; undefined when the bot's member is not cached. */
  botHighestRole(): RoleFacts | undefined;
  botCanManageRoles(): boolean;
  /**
   * Fetches the bot's own member again. Without the Guild Members intent Discord sends no
   * GUILD_MEMBER_UPDATE, so roles given to or taken from the bot stay unseen until then.
   */
  refreshBotMember(): Promise<void>;
}

export function toRoleFacts(role: Role): RoleFacts {
  return { id: role.id, name: role.name, position: role.position, managed: role.managed, permissions: role.permissions.bitfield };
}

/**
 * Wraps a cached guild. `appPermissions` are the bot's permissions that Discord sent with
 * the interaction; they are current even when the cached bot member is not.
 */
export function viewGuild(guild: Guild, appPermissions: bigint | null): ClickGuild {
  return {
    id: guild.id,
    role(roleId) {
      const role = guild.roles.cache.get(roleId);
      return role === undefined ? undefined : toRoleFacts(role);
    },
    botHighestRole() {
      const me = guild.members.me;
      return me === null ? undefined : toRoleFacts(me.roles.highest);
    },
    botCanManageRoles() {
      // Either source may be stale or narrowed by a channel overwrite; Discord's 50013 response
      // covers a wrong yes, while a wrong no would turn members away for nothing.
      if (appPermissions !== null && (appPermissions & PermissionFlagsBits.ManageRoles) !== 0n) return true;
      if (appPermissions !== null && (appPermissions & PermissionFlagsBits.Administrator) !== 0n) return true;
      return guild.members.me?.permissions.has(PermissionFlagsBits.ManageRoles) ?? false;
    },
    async refreshBotMember() {
      await guild.members.fetchMe({ force: true });
    },
  };
}
