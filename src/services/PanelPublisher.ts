import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, type GuildTextBasedChannel } from 'discord.js';
import type { Client } from 'discordx';
import { inject, injectable } from 'tsyringe';
import { buildPanelMessage } from '../discord/panelMessage';
import type { Panel } from '../entities';
import { UserError, VersionConflictError } from '../errors';
import type { Logger } from '../logger';
import { TOKENS } from '../tokens';
import { KeyedQueue } from './KeyedQueue';
import { PanelNotFoundError, PanelStore } from './PanelStore';

/** Permissions the bot needs in a channel to post a panel there, with the names Discord's UI shows. */
const POST_PERMISSIONS: ReadonlyArray<readonly [string, bigint]> = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Send Messages', PermissionFlagsBits.SendMessages],
  ['Embed Links', PermissionFlagsBits.EmbedLinks],
];

/** Posts in progress, keyed by `guildId:panelId`, shared by every PanelPublisher instance. */
const postsInProgress = new KeyedQueue<string>();

export type RefreshOutcome =
  | { kind: 'not-posted' }
  | { kind: 'updated'; url: string }
  /** The posted message or its channel is gone; the stored message id was cleared. */
  | { kind: 'missing'; channelId: string; channelExists: boolean }
  | { kind: 'failed'; reason: string };

export type PostOutcome =
  | { kind: 'posted' | 'updated'; url: string }
  /**
   * The posted message was deleted; its stored id is now cleared. Nothing was posted,
   * because a deleted panel may have been removed on purpose: the admin confirms first.
   */
  | { kind: 'missing'; channelId: string };

/** Posts panels and keeps posted messages in step with the database. */
@injectable()
export class PanelPublisher {
  private readonly log: Logger;

  constructor(
    @inject(TOKENS.Client) private readonly client: Client,
    private readonly store: PanelStore,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.log = logger.child({ module: 'publisher' });
  }

  /** Names the first permission the bot lacks to post in `channel`, or null when it has them all. */
  missingPostPermission(channel: GuildTextBasedChannel): string | null {
    const me = channel.guild.members.me;
    const permissions = me ? channel.permissionsFor(me) : null;
    if (permissions === null) return POST_PERMISSIONS[0][0];
    for (const [name, bit] of POST_PERMISSIONS) {
      if (!permissions.has(bit, true)) return name;
    }
    return null;
  }

  /**
   * Posts the panel in `channel`, or, when it is already posted in that channel, edits that
   * message in place. A panel posted elsewhere moves: the new message is sent first, then
   * the old one is deleted. When the posted message was deleted, returns `missing` without
   * posting, so the caller can ask the admin first. Throws UserError when the bot lacks a
   * permission, and VersionConflictError when the panel is no longer at `expectedVersion`.
   */
  async post(guildId: string, panelId: number, channel: GuildTextBasedChannel, expectedVersion?: number): Promise<PostOutcome> {
    // Two posts of one panel at once (a double click, two admins) would both see it unposted
    // and send two messages, so posts of the same panel wait for each other.
    return postsInProgress.run(`${guildId}:${panelId}`, () => this.postNow(guildId, panelId, channel, expectedVersion));
  }

  private async postNow(guildId: string, panelId: number, channel: GuildTextBasedChannel, expectedVersion?: number): Promise<PostOutcome> {
    const panel = await this.requirePanel(guildId, panelId);
    if (expectedVersion !== undefined && panel.version !== expectedVersion) throw new VersionConflictError(panel.id);
    if (panel.roles.length === 0) {
      throw new UserError(`Panel ${panel.id} has no roles yet, so members would see no buttons. Add a role with /panel add-role first.`);
    }
    const missing = this.missingPostPermission(channel);
    if (missing !== null) {
      throw new UserError(`The bot lacks the ${missing} permission in <#${channel.id}>, so it cannot post the panel there. Grant it in the channel's permissions, or pick another channel.`);
    }

    if (panel.messageId !== null && panel.channelId === channel.id) {
      const refreshed = await this.refreshPanel(panel);
      if (refreshed.kind === 'updated') return { kind: 'updated', url: refreshed.url };
      if (refreshed.kind === 'failed') throw new UserError(`The posted panel could not be updated: ${refreshed.reason}`);
      if (refreshed.kind === 'missing') return { kind: 'missing', channelId: channel.id };
    }

    const moved = panel.messageId !== null && panel.channelId !== channel.id ? { channelId: panel.channelId, messageId: panel.messageId } : null;
    const message = await channel.send(buildPanelMessage(panel));
    await this.store.setMessage(guildId, panel.id, channel.id, message.id);
    this.log.info('Panel posted', { guildId, panelId: panel.id, channelId: channel.id, messageId: message.id });
    if (moved?.channelId && moved.messageId) await this.deleteQuietly(moved.channelId, moved.messageId);
    return { kind: 'posted', url: message.url };
  }

  /** Re-renders the posted message of `panelId` after a change. Never throws for Discord failures. */
  async refresh(guildId: string, panelId: number): Promise<RefreshOutcome> {
    const panel = await this.store.findWithRoles(guildId, panelId);
    if (panel === null) return { kind: 'not-posted' };
    return this.refreshPanel(panel);
  }

  /** Deletes a panel's posted message, if any; a message that is already gone is fine. */
  async removePostedMessage(panel: Pick<Panel, 'channelId' | 'messageId'>): Promise<void> {
    if (panel.channelId && panel.messageId) await this.deleteQuietly(panel.channelId, panel.messageId);
  }

  private async refreshPanel(panel: Panel): Promise<RefreshOutcome> {
    if (panel.channelId === null || panel.messageId === null) return { kind: 'not-posted' };
    const ids = { guildId: panel.guildId, panelId: panel.id, channelId: panel.channelId, messageId: panel.messageId };
    const channel = this.client.channels.cache.get(panel.channelId);
    if (!channel || !channel.isTextBased() || channel.isDMBased()) {
      await this.store.clearChannel(panel.guildId, panel.channelId);
      this.log.info('Posted panel channel is gone; message id cleared', ids);
      return { kind: 'missing', channelId: panel.channelId, channelExists: false };
    }
    try {
      const message = await channel.messages.edit(panel.messageId, buildPanelMessage(panel));
      return { kind: 'updated', url: message.url };
    } catch (error) {
      if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMessage || error.code === RESTJSONErrorCodes.UnknownChannel)) {
        await this.store.clearMessage(panel.guildId, panel.messageId);
        this.log.info('Posted panel message is gone; message id cleared', ids);
        return { kind: 'missing', channelId: panel.channelId, channelExists: error.code === RESTJSONErrorCodes.UnknownMessage };
      }
      const reason =
        error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions
          ? `the bot lacks permission to edit its message in <#${panel.channelId}>`
          : error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingAccess
            ? `the bot can no longer see <#${panel.channelId}>`
            : `Discord returned an error (${error instanceof Error ? error.message : String(error)})`;
      this.log.warn('Could not re-render a posted panel', { ...ids, error: error instanceof Error ? error.message : String(error) });
      return { kind: 'failed', reason };
    }
  }

  private async requirePanel(guildId: string, panelId: number): Promise<Panel> {
    const panel = await this.store.findWithRoles(guildId, panelId);
    if (panel === null) throw new PanelNotFoundError(panelId);
    return panel;
  }

  private async deleteQuietly(channelId: string, messageId: string): Promise<void> {
    const channel = this.client.channels.cache.get(channelId);
    if (!channel || !channel.isTextBased() || channel.isDMBased()) return;
    try {
      await channel.messages.delete(messageId);
    } catch (error) {
      this.log.debug('Old panel message could not be deleted', { channelId, messageId, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
