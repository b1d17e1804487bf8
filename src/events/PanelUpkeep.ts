import { ChannelType, type Role } from 'discord.js';
import { Discord, On, type ArgsOf } from 'discordx';
import { inject, injectable } from 'tsyringe';
import { errorText } from '../discord/errorReplies';
import type { Logger } from '../logger';
import { toRoleFacts } from '../services/guildView';
import { PanelPublisher } from '../services/PanelPublisher';
import { PanelStore } from '../services/PanelStore';
import { checkAssignableRole, type RoleRejection } from '../services/roleRules';
import { TOKENS } from '../tokens';

/**
 * Keeps stored panels true to the guild as roles, channels and guilds go away. Event errors
 * do not pass through the interaction gate, so each handler catches and logs its own.
 *
 * Deleted messages are not handled here. Discord sends MESSAGE_DELETE only with the Guild
 * Messages intent, which would also bring MESSAGE_CREATE for every message in every guild
 * (and discord.js emits messageDelete only for cached messages or with the Message partial).
 * Instead the publisher clears a panel's message id when Discord responds 10008 Unknown
 * Message to a re-render, and posting again replaces a message that is gone.
 */
@Discord()
@injectable()
export class PanelUpkeep {
  private readonly log: Logger;

  constructor(
    private readonly store: PanelStore,
    private readonly publisher: PanelPublisher,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.log = logger.child({ module: 'panel-upkeep' });
  }

  /** Drops a deleted role's buttons from every panel and re-renders the posted ones. */
  @On({ event: 'roleDelete' })
  async roleDeleted([role]: ArgsOf<'roleDelete'>): Promise<void> {
    const ids = { guildId: role.guild.id, roleId: role.id };
    try {
      const panelIds = await this.store.removeRoleEverywhere(role.guild.id, role.id);
      if (panelIds.length === 0) return;
      this.log.info('Deleted role removed from panels', { ...ids, panelIds });
      for (const panelId of panelIds) {
        await this.publisher.refresh(role.guild.id, panelId);
      }
    } catch (error) {
      this.log.error('Could not remove a deleted role from panels', { ...ids, error: errorText(error), stack: error instanceof Error ? error.stack : undefined });
    }
  }

  /** Forgets panels posted in a deleted channel, so they can be posted again. */
  @On({ event: 'channelDelete' })
  async channelDeleted([channel]: ArgsOf<'channelDelete'>): Promise<void> {
    if (channel.type === ChannelType.DM) return;
    const ids = { guildId: channel.guild.id, channelId: channel.id };
    try {
      const panelIds = await this.store.clearChannel(channel.guild.id, channel.id);
      if (panelIds.length > 0) this.log.info('Channel of posted panels deleted; message ids cleared', { ...ids, panelIds });
    } catch (error) {
      this.log.error('Could not clear panels of a deleted channel', { ...ids, error: errorText(error), stack: error instanceof Error ? error.stack : undefined });
    }
  }

  /**
   * Clicks check the role rules again, so a changed role breaks nothing. This handler only
   * logs, for admins, that a role just stopped passing those rules.
   */
  @On({ event: 'roleUpdate' })
  roleUpdated([before, after]: ArgsOf<'roleUpdate'>): void {
    try {
      const rejection = this.rejection(after);
      if (this.rejection(before) === null && rejection !== null) {
        this.log.info('Role no longer passes the panel role rules; any panel button for it now rejects clicks', {
          guildId: after.guild.id,
          roleId: after.id,
          reason: rejection.reason,
        });
      }
    } catch (error) {
      this.log.error('Could not check an updated role', { guildId: after.guild.id, roleId: after.id, error: errorText(error) });
    }
  }

  /** Panels stay stored when the bot leaves a guild, so inviting it again brings them back. */
  @On({ event: 'guildDelete' })
  guildDeleted([guild]: ArgsOf<'guildDelete'>): void {
    this.log.info('Bot removed from a guild; its panels stay stored', { guildId: guild.id });
  }

  private rejection(role: Role): RoleRejection | null {
    const me = role.guild.members.me;
    if (me === null) return null;
    return checkAssignableRole(toRoleFacts(role), { guildId: role.guild.id, botHighestRole: toRoleFacts(me.roles.highest) });
  }
}
